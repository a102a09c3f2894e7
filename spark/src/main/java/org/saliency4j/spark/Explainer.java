package org.saliency4j.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.jspecify.annotations.Nullable;
import org.saliency4j.SaliencyException;
import org.saliency4j.attribution.Attribution;
import org.saliency4j.attribution.AttributionMethod;
import org.saliency4j.attribution.Attributions;
import org.saliency4j.attribution.Logits;
import org.saliency4j.attribution.MethodOptions;
import org.saliency4j.attribution.Target;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.backend.ForwardPass;
import org.saliency4j.image.PixelScaling;
import org.saliency4j.model.Layer;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/**
 * Explains one partition in batches of {@link Settings#batch()} rows: each row keeps its columns and gains the
 * prediction, the target's probability and score, one map per method and an error column (null where the row was
 * read). The model comes from the executor's {@link ModelCache}, loaded once per JVM from the broadcast bytes.
 */
final class Explainer implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final Settings settings;
    private final Broadcast<byte[]> model;

    Explainer(Settings settings, Broadcast<byte[]> model) {
        this.settings = settings;
        this.model = model;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        CompiledModel compiled = ModelCache.compiled(settings.modelSha256(), model.value(), settings.backend());
        Model m = compiled.model();
        MethodOptions options = settings.options().options(settings.seed());
        List<AttributionMethod> methods = new ArrayList<>();
        for (String name : settings.methods()) {
            methods.add(Attributions.resolvedFor(options.applyTo(Attributions.byName(name)), m));
        }
        PixelScaling scaling = PixelScaling.parse(settings.scale());
        Target target = settings.target().equals("top1") ? Target.top1()
                : Target.classIndex(Integer.parseInt(settings.target()));
        int partition = TaskContext.get() == null ? 0 : TaskContext.get().partitionId();
        return new Iterator<>() {
            private Iterator<Row> batch = List.<Row>of().iterator();
            private long position;

            @Override
            public boolean hasNext() {
                while (!batch.hasNext() && rows.hasNext()) {
                    List<Row> in = new ArrayList<>();
                    while (in.size() < settings.batch() && rows.hasNext()) {
                        in.add(rows.next());
                    }
                    batch = explain(in, compiled, methods, scaling, target, partition, position).iterator();
                    position += in.size();
                }
                return batch.hasNext();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return batch.next();
            }
        };
    }

    private List<Row> explain(List<Row> rows, CompiledModel compiled, List<AttributionMethod> methods,
                              PixelScaling scaling, Target target, int partition, long first) {
        Shape input = compiled.model().inputShape();
        Layer output = compiled.model().output();
        List<@Nullable Tensor> read = new ArrayList<>();
        List<@Nullable String> errors = new ArrayList<>();
        List<Tensor> valid = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            String name = name(rows.get(i), partition, first + i);
            try {
                Tensor t = Inputs.read(rows.get(i), settings, input, scaling, name);
                read.add(t);
                errors.add(null);
                valid.add(t);
            } catch (SaliencyException | IllegalArgumentException e) {
                if (settings.failOnError()) {
                    throw e;
                }
                read.add(null);
                errors.add(e.getMessage());
            }
        }
        List<Row> out = new ArrayList<>();
        if (valid.isEmpty()) {
            for (int i = 0; i < rows.size(); i++) {
                out.add(withColumns(rows.get(i), output, null, null, List.of(), List.of(), errors.get(i)));
            }
            return out;
        }
        Tensor batch = Tensor.concatBatch(valid.toArray(new Tensor[0]));
        List<List<@Nullable Double>> scores = new ArrayList<>();
        // Announces the methods' whole work first, so that the backend chooses at once how to run it.
        List<List<Attribution>> maps = Attributions.explainAll(compiled, methods, batch, target,
                (method, perImage) -> scores.addAll(
                        Metrics.evaluate(settings.metrics(), settings.seed(), compiled, method, batch, perImage)));
        float[] logits;
        try (ForwardPass pass = compiled.forward(batch)) {
            logits = pass.preActivation(compiled.model().output()).toArray();
        }
        int classes = compiled.model().output().outputShape().size();
        int k = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (read.get(i) == null) {
                out.add(withColumns(rows.get(i), output, null, null, List.of(), List.of(), errors.get(i)));
                continue;
            }
            List<Attribution> mine = new ArrayList<>();
            for (List<Attribution> perMethod : maps) {
                mine.add(perMethod.get(k));
            }
            List<@Nullable Double> metrics = new ArrayList<>();
            for (List<@Nullable Double> perMetric : scores) {
                metrics.add(perMetric.get(k));
            }
            out.add(withColumns(rows.get(i), output, logits, new int[] {k * classes, classes}, mine, metrics, null));
            k++;
        }
        return out;
    }

    private String name(Row row, int partition, long position) {
        Integer column = settings.nameColumn();
        if (column != null && !row.isNullAt(column)) {
            Object v = row.get(column);
            if (v instanceof Row image) {
                return "row " + image.getAs("origin");
            }
            return "row " + v;
        }
        return "row " + position + " of partition " + partition;
    }

    /**
     * The row's own columns, then prediction, probability, target, score, one map per method, each method's metrics
     * (method by method), error.
     */
    private Row withColumns(Row row, Layer output, float @Nullable [] logits, int @Nullable [] at,
                            List<Attribution> maps, List<@Nullable Double> metrics, @Nullable String error) {
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < row.length(); i++) {
            values.add(row.get(i));
        }
        if (logits == null || at == null || maps.isEmpty()) {
            int added = 4 + settings.methods().size() * (1 + settings.metrics().size());
            for (int i = 0; i < added; i++) {
                values.add(null);
            }
        } else {
            int offset = at[0];
            int classes = at[1];
            int top = 0;
            for (int c = 1; c < classes; c++) {
                if (logits[offset + c] > logits[offset + top]) {
                    top = c;
                }
            }
            Attribution first = maps.get(0);
            values.add(top);
            double p = Logits.probability(output, logits, offset, classes, first.target());
            values.add(Double.isNaN(p) ? null : p);
            values.add(first.target());
            values.add(first.score());
            for (int j = 0; j < maps.size(); j++) {
                values.add(settings.ranks().isEmpty() ? Maps.flat(maps.get(j).map())
                        : Maps.nested(maps.get(j).map()));
            }
            values.addAll(metrics);
        }
        values.add(error);
        return RowFactory.create(values.toArray());
    }
}
