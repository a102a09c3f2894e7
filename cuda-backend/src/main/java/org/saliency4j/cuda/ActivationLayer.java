package org.saliency4j.cuda;

import jcuda.jcudnn.JCudnn;
import jcuda.jcudnn.cudnnActivationMode;
import jcuda.jcudnn.cudnnSoftmaxAlgorithm;
import jcuda.jcudnn.cudnnSoftmaxMode;
import org.saliency4j.model.Activation;
import org.saliency4j.model.LayerOp;

/**
 * Activations by cuDNN: relu, sigmoid, tanh, elu (alpha 1), swish (beta 1), clipped relu (Keras' ReLU with a
 * max_value), selu as {@code SELU_SCALE * elu_alpha(x)} with alpha SELU_ALPHA, and softmax over the channels
 * (Keras' last axis) with cuDNN's accurate algorithm.
 */
final class ActivationLayer implements GpuLayer {
    private final Gpu gpu;
    private final Layout layout;
    private final boolean softmax;
    private final float scale;
    private final Dnn.Activation descriptor;

    private ActivationLayer(Gpu gpu, Layout layout, boolean softmax, int mode, double coefficient, float scale) {
        this.gpu = gpu;
        this.layout = layout;
        this.softmax = softmax;
        this.scale = scale;
        this.descriptor = new Dnn.Activation(mode, coefficient);
    }

    /** Whether cuDNN computes this activation; softplus does not exist in cuDNN. */
    static boolean supported(Activation a) {
        return a != Activation.SOFTPLUS && a != Activation.LINEAR;
    }

    static ActivationLayer of(Gpu gpu, Layout layout, Activation a) {
        return switch (a) {
            case RELU -> new ActivationLayer(gpu, layout, false, cudnnActivationMode.CUDNN_ACTIVATION_RELU, 0, 1);
            case SIGMOID -> new ActivationLayer(gpu, layout, false, cudnnActivationMode.CUDNN_ACTIVATION_SIGMOID, 0, 1);
            case TANH -> new ActivationLayer(gpu, layout, false, cudnnActivationMode.CUDNN_ACTIVATION_TANH, 0, 1);
            case ELU -> new ActivationLayer(gpu, layout, false, cudnnActivationMode.CUDNN_ACTIVATION_ELU, 1.0, 1);
            case SELU -> new ActivationLayer(gpu, layout, false, cudnnActivationMode.CUDNN_ACTIVATION_ELU,
                    Activation.SELU_ALPHA, (float) Activation.SELU_SCALE);
            case SWISH -> new ActivationLayer(gpu, layout, false, cudnnActivationMode.CUDNN_ACTIVATION_SWISH, 0, 1);
            case SOFTMAX -> new ActivationLayer(gpu, layout, true, cudnnActivationMode.CUDNN_ACTIVATION_IDENTITY, 0, 1);
            case LINEAR, SOFTPLUS -> throw new IllegalArgumentException(a + " has no cuDNN activation");
        };
    }

    /** Keras' ReLU layer without slope or threshold: cuDNN's relu, or clipped relu for a finite max_value. */
    static boolean supported(LayerOp.Relu r) {
        return r.negativeSlope() == 0 && r.threshold() == 0;
    }

    static ActivationLayer of(Gpu gpu, Layout layout, LayerOp.Relu r) {
        return Double.isInfinite(r.maxValue())
                ? new ActivationLayer(gpu, layout, false, cudnnActivationMode.CUDNN_ACTIVATION_RELU, 0, 1)
                : new ActivationLayer(gpu, layout, false, cudnnActivationMode.CUDNN_ACTIVATION_CLIPPED_RELU,
                        r.maxValue(), 1);
    }

    @Override
    public Trace forward(DeviceBuffer[] inputs, int batch) {
        DeviceBuffer x = inputs[0];
        DeviceBuffer y = DeviceBuffer.allocate(x.floats(), "activation output " + layout);
        DeviceBuffer scaled = null;
        try (Dnn.Tensor d = layout.descriptor(batch)) {
            if (softmax) {
                Status.dnn(JCudnn.cudnnSoftmaxForward(gpu.handle, cudnnSoftmaxAlgorithm.CUDNN_SOFTMAX_ACCURATE,
                        cudnnSoftmaxMode.CUDNN_SOFTMAX_MODE_CHANNEL, gpu.one, d.desc, x.pointer(), gpu.zero, d.desc,
                        y.pointer()), "cudnnSoftmaxForward", d.shape);
            } else {
                Status.dnn(JCudnn.cudnnActivationForward(gpu.handle, descriptor.desc, gpu.one, d.desc, x.pointer(),
                        gpu.zero, d.desc, y.pointer()), "cudnnActivationForward", d.shape);
                if (scale != 1) {
                    scaled = y.copy("scaled activation output " + layout);
                    Status.dnn(JCudnn.cudnnScaleTensor(gpu.handle, d.desc, scaled.pointer(), Gpu.scalar(scale)),
                            "cudnnScaleTensor", d.shape);
                }
            }
        } catch (RuntimeException e) {
            y.close();
            if (scaled != null) {
                scaled.close();
            }
            throw e;
        }
        DeviceBuffer unscaled = y;
        DeviceBuffer output = scaled == null ? y : scaled;
        return new Trace() {
            @Override
            public DeviceBuffer output() {
                return output;
            }

            @Override
            public DeviceBuffer[] backward(DeviceBuffer dy) {
                DeviceBuffer dx = DeviceBuffer.allocate(x.floats(), "activation input gradient " + layout);
                try (Dnn.Tensor d = layout.descriptor(batch)) {
                    if (softmax) {
                        Status.dnn(JCudnn.cudnnSoftmaxBackward(gpu.handle, cudnnSoftmaxAlgorithm.CUDNN_SOFTMAX_ACCURATE,
                                cudnnSoftmaxMode.CUDNN_SOFTMAX_MODE_CHANNEL, gpu.one, d.desc, unscaled.pointer(), d.desc,
                                dy.pointer(), gpu.zero, d.desc, dx.pointer()), "cudnnSoftmaxBackward", d.shape);
                    } else {
                        // d(scale * f(x)) = scale * f'(x): cuDNN's backward takes f's own output and input.
                        Status.dnn(JCudnn.cudnnActivationBackward(gpu.handle, descriptor.desc, Gpu.scalar(scale), d.desc,
                                unscaled.pointer(), d.desc, dy.pointer(), d.desc, x.pointer(), gpu.zero, d.desc,
                                dx.pointer()), "cudnnActivationBackward", d.shape);
                    }
                } catch (RuntimeException e) {
                    dx.close();
                    throw e;
                }
                return new DeviceBuffer[] {dx};
            }

            @Override
            public void close() {
                unscaled.close();
                output.close();
            }
        };
    }

    @Override
    public void close() {
        descriptor.close();
    }
}
