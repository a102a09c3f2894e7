package org.saliency4j.optim;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.saliency4j.backend.BackwardRule;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.backend.ForwardPass;
import org.saliency4j.backend.LayerValue;
import org.saliency4j.objective.Evaluation;
import org.saliency4j.objective.Probe;
import org.saliency4j.objective.SaliencyObjective;
import org.saliency4j.tensor.Shape;

/**
 * One epoch's evaluation of a batch: one forward pass, each image's objective and gradient from its own
 * {@link Evaluation}, then one backward pass per probe. Its buffers (probe values, per-image evaluations, probe
 * gradients) are made once per run and reused every epoch, so that a step allocates next to nothing. The
 * optimisation loop runs on it, and so can any loop whose images are made from other parameters (feature
 * visualisation's).
 */
public final class BatchEvaluation {
    private final CompiledModel model;
    private final List<? extends SaliencyObjective> objectives;
    private final Shape shape;
    private final int per;
    private final Probe[] probes;
    private final int[] sizes;
    /** Per probe: its value for the whole batch. */
    private final float[][] batchValues;
    /** Per image and probe: the image's value, the arrays its evaluation reads. */
    private final float[][][] imageValues;
    /** Per image: the image in double precision, the array its evaluation reads. */
    private final double[][] images;
    private final Evaluation[] evaluations;
    /** Per probe: the gradient at it for the whole batch. */
    private final double[][] probeGradients;
    private final boolean[] seeded;
    private final double[] values;
    private final double[] throughModel;
    private @Nullable BatchTerm term;
    /** Where the term's probe is among {@link #probes}. */
    private int termProbe = -1;
    private double termValue;

    /**
     * @param model      the compiled model
     * @param objectives one per image
     * @param probes     every probe the objectives read, in a fixed order (it orders the backward passes)
     * @param shape      the batch's shape
     */
    private BatchEvaluation(CompiledModel model, List<? extends SaliencyObjective> objectives, Set<Probe> probes,
                    Shape shape) {
        this.model = model;
        this.objectives = objectives;
        this.shape = shape;
        int batch = shape.dim(0);
        per = shape.size() / batch;
        this.probes = probes.toArray(new Probe[0]);
        sizes = new int[this.probes.length];
        batchValues = new float[this.probes.length][];
        probeGradients = new double[this.probes.length][];
        seeded = new boolean[this.probes.length];
        for (int p = 0; p < this.probes.length; p++) {
            sizes[p] = this.probes[p].layer().outputShape().size();
            batchValues[p] = new float[batch * sizes[p]];
            probeGradients[p] = new double[batch * sizes[p]];
        }
        imageValues = new float[batch][this.probes.length][];
        images = new double[batch][per];
        evaluations = new Evaluation[batch];
        for (int i = 0; i < batch; i++) {
            Map<Probe, float[]> sample = new HashMap<>();
            for (int p = 0; p < this.probes.length; p++) {
                imageValues[i][p] = new float[sizes[p]];
                sample.put(this.probes[p], imageValues[i][p]);
            }
            evaluations[i] = Evaluation.of(sample, images[i]);
        }
        values = new double[batch];
        throughModel = new double[shape.size()];
    }

    /**
     * An evaluation of one objective per image of a batch of the given shape.
     *
     * @param model      the compiled model (or partial model) whose layers the objectives read
     * @param objectives one per image
     * @param shape      the batch's shape, batch first
     * @return the evaluation, its buffers made
     * @throws IllegalArgumentException when an objective reads a layer the model does not have
     */
    public static BatchEvaluation of(CompiledModel model, List<? extends SaliencyObjective> objectives, Shape shape) {
        return of(model, objectives, shape, null);
    }

    /**
     * An evaluation of one objective per image plus a term over the whole batch.
     *
     * @param model      the compiled model
     * @param objectives one per image
     * @param shape      the batch's shape, batch first
     * @param term       a term over the batch, or null
     * @return the evaluation, its buffers made
     */
    public static BatchEvaluation of(CompiledModel model, List<? extends SaliencyObjective> objectives, Shape shape,
                                     @Nullable BatchTerm term) {
        if (objectives.size() != shape.dim(0)) {
            throw new IllegalArgumentException(objectives.size() + " objectives for a batch of " + shape.dim(0));
        }
        Set<Probe> probes = new java.util.LinkedHashSet<>();
        for (SaliencyObjective o : objectives) {
            for (Probe p : o.probes()) {
                if (!model.model().contains(p.layer())) {
                    throw new IllegalArgumentException("objective " + o + " reads " + p.layer()
                            + ", which is not part of the compiled model '" + model.model().name() + "'");
                }
                probes.add(p);
            }
        }
        if (term != null) {
            if (!model.model().contains(term.probe().layer())) {
                throw new IllegalArgumentException("a batch term reads " + term.probe().layer()
                        + ", which is not part of the compiled model '" + model.model().name() + "'");
            }
            probes.add(term.probe());
        }
        BatchEvaluation e = new BatchEvaluation(model, objectives, probes, shape);
        if (term != null) {
            e.term = term;
            e.termProbe = Arrays.asList(e.probes).indexOf(term.probe());
        }
        return e;
    }

    /**
     * One forward and backward pass.
     *
     * @param x        the batch in double precision; not modified
     * @param gradient overwritten with each image's d(objective)/d(image)
     * @return each image's objective; the same array, overwritten, on the next call
     */
    public double[] evaluate(double[] x, double[] gradient) {
        return evaluate(x, gradient, BackwardRule.STANDARD);
    }

    /**
     * One forward and backward pass, the backward pass through ReLUs by the given rule.
     *
     * @param x        the batch in double precision; not modified
     * @param gradient overwritten with each image's d(objective)/d(image) under the rule
     * @param rule     how the gradient goes back through ReLU activations
     * @return each image's objective; the same array, overwritten, on the next call
     */
    public double[] evaluate(double[] x, double[] gradient, BackwardRule rule) {
        Arrays.fill(throughModel, 0);
        try (ForwardPass pass = model.forward(shape, x)) {
            for (int p = 0; p < probes.length; p++) {
                if (probes[p].stage() == Probe.Stage.OUTPUT) {
                    pass.copyOutput(probes[p].layer(), batchValues[p]);
                } else {
                    pass.copyPreActivation(probes[p].layer(), batchValues[p]);
                }
                Arrays.fill(probeGradients[p], 0);
                seeded[p] = false;
            }
            for (int i = 0; i < evaluations.length; i++) {
                evaluateImage(i, x, gradient);
            }
            if (term != null) {
                termValue = term.addGradient(batchValues[termProbe], evaluations.length, probeGradients[termProbe]);
                seeded[termProbe] = true;
            }
            for (int p = 0; p < probes.length; p++) {
                if (!seeded[p]) {
                    continue;
                }
                pass.addGradient(probes[p].layer(), probes[p].stage() == Probe.Stage.OUTPUT ? LayerValue.OUTPUT
                        : LayerValue.PRE_ACTIVATION, probeGradients[p], model.model().input(), rule, throughModel);
            }
        }
        // As in the notebook: the model's float32 gradient, widened, plus the image terms in double precision.
        for (int j = 0; j < gradient.length; j++) {
            gradient[j] = throughModel[j] + gradient[j];
        }
        return values;
    }

    /** @return the batch term's value in the last {@link #evaluate}; 0 without one */
    public double termValue() {
        return termValue;
    }

    /**
     * @param i an image of the batch
     * @return its norm in the last {@link #evaluate}: the image's norm as {@link Evaluation#imageNorm} computes it,
     *         computed once per epoch for the objectives and the history
     */
    double imageNorm(int i) {
        return evaluations[i].imageNorm();
    }

    /** Image {@code i}'s objective, its image gradient into {@code gradient}, its probe gradients gathered. */
    private void evaluateImage(int i, double[] x, double[] gradient) {
        for (int p = 0; p < probes.length; p++) {
            System.arraycopy(batchValues[p], i * sizes[p], imageValues[i][p], 0, sizes[p]);
        }
        System.arraycopy(x, i * per, images[i], 0, per);
        Evaluation e = evaluations[i];
        e.clearGradients();
        SaliencyObjective o = objectives.get(i);
        values[i] = o.value(e);
        o.addGradient(e, 1);
        Map<Probe, double[]> written = e.gradients();
        for (int p = 0; p < probes.length; p++) {
            double[] g = written.get(probes[p]);
            if (g != null) {
                System.arraycopy(g, 0, probeGradients[p], i * sizes[p], sizes[p]);
                seeded[p] = true;
            }
        }
        System.arraycopy(e.imageGradient(), 0, gradient, i * per, per);
    }
}
