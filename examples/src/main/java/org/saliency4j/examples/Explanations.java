package org.saliency4j.examples;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;
import org.saliency4j.attribution.Attribution;
import org.saliency4j.attribution.AttributionMethod;
import org.saliency4j.attribution.Attributions;
import org.saliency4j.attribution.Logits;
import org.saliency4j.attribution.Target;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.backend.ForwardPass;
import org.saliency4j.image.Display;
import org.saliency4j.image.Heatmaps;
import org.saliency4j.image.Png;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/**
 * What {@code explain} writes: for each image, an overlay PNG per method ({@code <name>-<method>.png}) and a grid
 * ({@code <name>-grid.png}: the image, then each method's overlay, titled with the class and its probability); the
 * same rows for every image in one {@value #GRID}; and one {@value #JSON} for the run:
 * <pre>
 * {"model": file, "sha256": ..., "methods": {name: settings},
 *  "images": [{"file", "target", "targetName" (with class names), "score", "probability",
 *              "maps": {method: [row][col] or [row][col][channel]}, "completenessDelta", "steps" (IG)}]}
 * </pre>
 * Maps are in model-input resolution. Files are checked before anything is computed, and each is written whole.
 */
final class Explanations {
    static final String JSON = "explanations.json";
    static final String GRID = "grid.png";
    /** The overlay's weight on the image. */
    static final double ALPHA = 0.6;
    /** The side of a grid cell, in pixels. */
    private static final int CELL = 160;

    /**
     * One image to explain.
     *
     * @param file    where it came from
     * @param input   it, in model-input form, a batch of one
     * @param picture it, at the model's input size, to lay the maps over
     */
    record Input(Path file, Tensor input, BufferedImage picture) {
    }

    private final OutputFolder folder;
    private final List<Input> inputs;
    private final List<AttributionMethod> methods;
    private final List<String> classNames;
    private final List<String> stems;
    private int emptyMaps;

    /**
     * Checks the output folder for every file the run will write.
     *
     * @param out        the folder
     * @param force      whether files of an earlier run may be replaced
     * @param inputs     the images
     * @param methods    the methods
     * @param classNames the class names, or empty
     * @throws IOException when a file exists without force, or the folder cannot be made
     */
    Explanations(Path out, boolean force, List<Input> inputs, List<AttributionMethod> methods, List<String> classNames)
            throws IOException {
        this.inputs = inputs;
        this.methods = methods;
        this.classNames = classNames;
        this.stems = stems(inputs);
        List<String> files = new ArrayList<>();
        for (String stem : stems) {
            for (AttributionMethod m : methods) {
                files.add(stem + "-" + m.name() + ".png");
            }
            files.add(stem + "-grid.png");
        }
        files.add(GRID);
        files.add(JSON);
        folder = OutputFolder.open(out, force, files);
    }

    /** File names from the images' names, made unique by a number where two are alike. */
    static List<String> stems(List<Input> inputs) {
        Map<String, Integer> seen = new HashMap<>();
        List<String> stems = new ArrayList<>();
        for (Input in : inputs) {
            String name = in.file().getFileName().toString();
            int dot = name.lastIndexOf('.');
            String stem = (dot > 0 ? name.substring(0, dot) : name).replaceAll("[^A-Za-z0-9._-]", "_");
            int n = seen.merge(stem, 1, Integer::sum);
            stems.add(n == 1 ? stem : stem + "-" + n);
        }
        return stems;
    }

    /** @return how many maps were all zeros */
    int emptyMaps() {
        return emptyMaps;
    }

    /**
     * Runs every method on every image and writes the files.
     *
     * @param compiled  the compiled model
     * @param target    the class to explain
     * @param modelFile the model's file, for the record
     * @param digest    its SHA-256, for the record
     * @param done      told of each map as it is made
     * @throws IOException when a file cannot be written
     */
    void run(CompiledModel compiled, Target target, Path modelFile, FileDigest digest, LongConsumer done)
            throws IOException {
        Model model = compiled.model();
        Tensor batch = Tensor.concatBatch(inputs.stream().map(Input::input).toArray(Tensor[]::new));
        List<Map<String, Object>> records = new ArrayList<>();
        List<List<@Nullable BufferedImage>> overlays = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            records.add(new LinkedHashMap<>());
            overlays.add(new ArrayList<>());
        }
        try {
            Attributions.explainAll(compiled, methods, batch, target, (method, maps) -> {
                try {
                    record(method, maps, records, overlays, done);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        // The probabilities need every logit; this pass comes after the methods, whose announced work has chosen
        // how the backend runs it.
        float[] logits;
        try (ForwardPass pass = compiled.forward(batch)) {
            logits = pass.preActivation(model.output()).toArray();
        }
        int classes = model.output().outputShape().size();
        for (int i = 0; i < records.size(); i++) {
            Map<String, Object> r = records.get(i);
            if (r.get("target") instanceof Integer t) {
                double p = Logits.probability(model.output(), logits, i * classes, classes, t);
                r.put("probability", Double.isNaN(p) ? null : p);
            }
        }
        List<List<@Nullable BufferedImage>> rows = new ArrayList<>();
        List<List<@Nullable String>> rowTitles = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            List<@Nullable BufferedImage> row = new ArrayList<>();
            row.add(inputs.get(i).picture());
            row.addAll(overlays.get(i));
            List<@Nullable String> titles = new ArrayList<>();
            Map<String, Object> r = records.get(i);
            titles.add(String.format(Locale.ROOT, "%s %.1f%%", r.getOrDefault("targetName", "class " + r.get("target")),
                    100 * (r.get("probability") instanceof Double p ? p : Double.NaN)));
            methods.forEach(m -> titles.add(m.name()));
            rows.add(row);
            rowTitles.add(titles);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("model", modelFile.getFileName().toString());
        root.put("sha256", digest.sha256());
        root.put("methods", ExplainCommand.settings(methods));
        root.put("images", records);
        // The record first, the longest of these files; the grids beside it.
        List<Callable<Path>> files = new ArrayList<>();
        files.add(() -> folder.write(JSON, Json.bytes(root)));
        for (int i = 0; i < inputs.size(); i++) {
            List<@Nullable BufferedImage> row = rows.get(i);
            List<@Nullable String> titles = rowTitles.get(i);
            String name = stems.get(i) + "-grid.png";
            files.add(() -> folder.write(name, Png.encode(Heatmaps.grid(List.of(row), List.of(titles), CELL))));
        }
        files.add(() -> folder.write(GRID, Png.encode(Heatmaps.grid(rows, rowTitles, CELL))));
        folder.writeAll(files);
    }

    /** Adds one method's maps to the images' records, and writes and keeps their overlays. */
    private void record(AttributionMethod method, List<Attribution> maps, List<Map<String, Object>> records,
                        List<List<@Nullable BufferedImage>> overlays, LongConsumer done) throws IOException {
        for (int i = 0; i < maps.size(); i++) {
            Attribution a = maps.get(i);
            Map<String, Object> r = records.get(i);
            if (r.isEmpty()) {
                r.put("file", inputs.get(i).file().toString());
                r.put("target", a.target());
                if (!classNames.isEmpty()) {
                    r.put("targetName", classNames.get(a.target()));
                }
                r.put("score", a.score());
                r.put("probability", null); // set once every method has run
                r.put("maps", new LinkedHashMap<String, Object>());
            }
            if (r.get("maps") instanceof Map<?, ?> mapsOfImage) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) mapsOfImage;
                m.put(method.name(), nested(a.map()));
            }
            if (a.details().containsKey("completenessDelta")) {
                r.put("completenessDelta", a.details().get("completenessDelta"));
                r.put("steps", a.details().get("steps"));
            }
            Display.Scaled scaled = Display.scale(Heatmaps.perPixel(a.map()), method.signed());
            if (scaled.empty()) {
                emptyMaps++;
            }
            BufferedImage overlay = Heatmaps.overlay(inputs.get(i).picture(),
                    Heatmaps.colour(scaled, a.map().shape().dim(0), a.map().shape().dim(1), method.signed()), ALPHA);
            overlays.get(i).add(overlay);
            folder.write(stems.get(i) + "-" + method.name() + ".png", Png.encode(overlay));
            done.accept(1);
        }
    }

    /** A map as nested arrays: [row][col] or [row][col][channel]. */
    private static Object nested(Tensor map) {
        Shape s = map.shape();
        float[] v = map.toArray();
        int h = s.dim(0);
        int w = s.dim(1);
        if (s.rank() == 2) {
            float[][] rows = new float[h][w];
            for (int y = 0; y < h; y++) {
                System.arraycopy(v, y * w, rows[y], 0, w);
            }
            return rows;
        }
        int c = s.dim(2);
        float[][][] rows = new float[h][w][c];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                System.arraycopy(v, (y * w + x) * c, rows[y][x], 0, c);
            }
        }
        return rows;
    }

}
