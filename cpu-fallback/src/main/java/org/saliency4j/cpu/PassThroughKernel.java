package org.saliency4j.cpu;

/**
 * The identity on the data: inputs, {@code Flatten} (channels-last data is already in (h, w, c) order),
 * {@code Dropout} at inference, and the {@code Activation}/{@code Softmax} layers before their activation.
 */
final class PassThroughKernel implements Kernel {
    static final PassThroughKernel INSTANCE = new PassThroughKernel();

    /** This kernel's backward pass, made once. */
    private final SavedTrace.Backward backward = PassThroughKernel::backward;

    private PassThroughKernel() {
    }

    @Override
    public Trace forward(float[][] inputs, int batch, Scratch scratch) {
        float[] x = inputs[0];
        return scratch.save(backward, x, x, null, batch);
    }

    private static float[][] backward(SavedTrace t, float[] gradOutput) {
        float[] dx = t.scratch().floatsToOverwrite(gradOutput.length);
        System.arraycopy(gradOutput, 0, dx, 0, dx.length);
        return t.scratch().one(dx);
    }
}
