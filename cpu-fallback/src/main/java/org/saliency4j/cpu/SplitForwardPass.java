package org.saliency4j.cpu;

import java.util.Arrays;
import org.saliency4j.backend.ForwardPass;
import org.saliency4j.model.Layer;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

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
    private final CpuForwardPass[] parts;
    /** The first sample of each part, then the batch size. */
    private final int[] first;

    /**
     * @param model the compiled model's model
     * @param parts one pass per group, in the order of their samples; closed with this pass
     * @param first the first sample of each part, then the batch size
     */
    SplitForwardPass(Model model, CpuForwardPass[] parts, int[] first) {
        this.model = model;
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

    private int batch() {
        return first[parts.length];
    }

    @Override
    public Tensor output() {
        return output(model.output());
    }

    @Override
    public Tensor output(Layer layer) {
        return Tensor.of(layer.outputShape().withBatch(batch()), gather(layer, false));
    }

    @Override
    public Tensor preActivation(Layer layer) {
        return Tensor.of(layer.outputShape().withBatch(batch()), gather(layer, true));
    }

    @Override
    public Tensor inputGradient(Layer layer, Tensor gradient) {
        return inputGradient(layer, gradient, false);
    }

    @Override
    public Tensor inputGradientFromPreActivation(Layer layer, Tensor gradient) {
        return inputGradient(layer, gradient, true);
    }

    @Override
    public void copyOutput(Layer layer, float[] into) {
        copy(layer, false, into);
    }

    @Override
    public void copyPreActivation(Layer layer, float[] into) {
        copy(layer, true, into);
    }

    @Override
    public void addInputGradient(Layer layer, double[] gradient, double[] into) {
        addInputGradient(layer, false, gradient, into);
    }

    @Override
    public void addInputGradientFromPreActivation(Layer layer, double[] gradient, double[] into) {
        addInputGradient(layer, true, gradient, into);
    }

    /** Closes every group's pass, giving their arrays back to the pool. */
    @Override
    public void close() {
        for (CpuForwardPass p : parts) {
            p.close();
        }
    }

    private float[] gather(Layer layer, boolean preActivation) {
        float[] all = new float[batch() * layer.outputShape().size()];
        copy(layer, preActivation, all);
        return all;
    }

    private void copy(Layer layer, boolean preActivation, float[] into) {
        int size = layer.outputShape().size();
        CpuForwardPass.checkedValue(layer, batch(), into);
        for (int k = 0; k < parts.length; k++) {
            parts[k].copyInto(layer, preActivation, into, first[k] * size);
        }
    }

    private Tensor inputGradient(Layer layer, Tensor gradient, boolean preActivation) {
        float[] g = CpuForwardPass.checked(layer, batch(), gradient, preActivation);
        int size = layer.outputShape().size();
        Shape input = model.input().outputShape();
        float[] result = new float[input.size() * batch()];
        Parallel.forEach(parts.length, Long.MAX_VALUE, k -> {
            float[] part = parts[k].inputGradientOf(layer, preActivation,
                    Arrays.copyOfRange(g, first[k] * size, first[k + 1] * size));
            System.arraycopy(part, 0, result, first[k] * input.size(), part.length);
        });
        return Tensor.of(input.withBatch(batch()), result);
    }

    private void addInputGradient(Layer layer, boolean preActivation, double[] gradient, double[] into) {
        int size = layer.outputShape().size();
        int inputSize = model.input().outputShape().size();
        CpuForwardPass.checkedGradient(layer, batch(), gradient, preActivation);
        CpuForwardPass.checkedInput(model, batch(), into);
        Parallel.forEach(parts.length, Long.MAX_VALUE, k -> parts[k].addInputGradientInto(layer, preActivation,
                gradient, first[k] * size, into, first[k] * inputSize));
    }

    @Override
    public String toString() {
        return "a forward pass of " + batch() + " samples in groups from " + Arrays.toString(first);
    }
}
