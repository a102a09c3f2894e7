package org.saliency4j.cpu;

import java.util.Arrays;
import org.saliency4j.backend.BackwardRule;
import org.saliency4j.backend.ForwardPass;
import org.saliency4j.backend.LayerValue;
import org.saliency4j.backend.NodeIndex;
import org.saliency4j.model.Layer;
import org.saliency4j.model.Model;

/**
 * One forward pass of a batch run as a pass per group of consecutive samples, the groups' forward and backward
 * passes side by side on the threads of {@link Parallel}, each group's kernels on one thread. A small network's
 * layers then keep each group's activations in one core's cache from layer to layer and from the forward to the
 * backward pass, instead of handing every layer's rows from core to core (CNN5's batch of 10 at about 1 MB per
 * layer). Every sample's values are those of one batched pass: each kernel computes every sample alone, in the
 * same order whatever the batch size.
 */
final class SplitForwardPass implements ForwardPass {
    /** Groups of unequal sizes are used from this many samples per group, where one sample more matters little. */
    static final int UNEVEN = 8;

    private final Model model;
    private final NodeIndex graph;
    private final CpuForwardPass[] parts;
    /** The first sample of each part, then the batch size. */
    private final int[] first;

    /**
     * @param model the compiled model's model
     * @param graph its nodes, numbered
     * @param parts one pass per group, in the order of their samples; closed with this pass
     * @param first the first sample of each part, then the batch size
     */
    SplitForwardPass(Model model, NodeIndex graph, CpuForwardPass[] parts, int[] first) {
        this.model = model;
        this.graph = graph;
        this.parts = parts;
        this.first = first;
    }

    /**
     * The groups a batch is split into: one per thread of {@link Parallel}, at most one per sample, when the groups
     * are of equal size or of at least {@value #UNEVEN} samples; else 1, and the kernels share each layer's work.
     * Measured on CNN5 (2 cores, same JVM, alternating): batches of 2, 4, 10 and 64 ran 5 to 12 % faster split,
     * batches of 3, 5 and 7 (groups one sample apart) 3 to 14 % slower.
     *
     * @param batch the batch size
     * @return the number of groups
     */
    static int groups(int batch) {
        if (!Parallel.splits(batch, Long.MAX_VALUE)) {
            return 1;
        }
        int groups = Math.min(batch, Parallel.threads());
        return batch % groups == 0 || batch >= UNEVEN * groups ? groups : 1;
    }

    /**
     * @param batch  the batch size
     * @param groups the number of groups, at most {@code batch}
     * @return the first sample of each group, then {@code batch}: sizes differ by at most one
     */
    static int[] firstSamples(int batch, int groups) {
        int[] first = new int[groups + 1];
        for (int k = 0; k <= groups; k++) {
            first[k] = (int) ((long) batch * k / groups);
        }
        return first;
    }

    @Override
    public Model model() {
        return model;
    }

    @Override
    public int batchSize() {
        return first[parts.length];
    }

    @Override
    public void copyValue(Layer layer, LayerValue value, float[] into) {
        int size = layer.outputShape().size();
        CpuForwardPass.checkedValue(layer, batchSize(), into);
        for (int k = 0; k < parts.length; k++) {
            parts[k].copyInto(layer, value, into, first[k] * size);
        }
    }

    @Override
    public void addGradient(Layer from, LayerValue at, double[] gradient, Layer to, BackwardRule rule,
            double[] into) {
        int end = graph.backwardTarget(from, at, to);
        int size = from.outputShape().size();
        int toSize = to.outputShape().size();
        CpuForwardPass.checkedGradient(from, batchSize(), gradient, at);
        CpuForwardPass.checkedTarget(to, batchSize(), into);
        Parallel.forEach(parts.length, Long.MAX_VALUE, k -> parts[k].addGradientInto(from, at, gradient,
                first[k] * size, end, rule, into, first[k] * toSize));
    }

    /** Closes every group's pass, giving their arrays back to the pool. */
    @Override
    public void close() {
        for (CpuForwardPass p : parts) {
            p.close();
        }
    }

    @Override
    public String toString() {
        return "a forward pass of " + batchSize() + " samples in groups from " + Arrays.toString(first);
    }
}
