package org.saliency4j.cuda;

import java.util.function.BiFunction;
import org.saliency4j.model.LayerOp;
import org.saliency4j.model.Padding;
import org.saliency4j.tensor.Shape;

/**
 * The few operations cuDNN has no exact counterpart for, computed on the host between a download and an upload:
 * softplus, Keras' ReLU layer with a negative slope or threshold, and average pooling whose "same" padding is
 * asymmetric. docs/gpu.md lists them with what crosses the bus.
 */
final class HostLayer implements GpuLayer {
    /** Forward on the host: input values to output values (device layout). */
    private final java.util.function.Function<float[], float[]> forward;
    /** Backward on the host: (input values, output gradient) to input gradient. */
    private final BiFunction<float[], float[], float[]> backward;
    private final String what;

    private HostLayer(String what, java.util.function.Function<float[], float[]> forward,
                      BiFunction<float[], float[], float[]> backward) {
        this.what = what;
        this.forward = forward;
        this.backward = backward;
    }

    /** softplus(x) = log(1 + exp(x)), linear above 20 as on the CPU; its derivative is sigmoid(x). */
    static HostLayer softplus() {
        return new HostLayer("softplus", x -> {
            float[] y = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                y[i] = x[i] > 20f ? x[i] : (float) Math.log1p(Math.exp(x[i]));
            }
            return y;
        }, (x, dy) -> {
            float[] dx = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                dx[i] = dy[i] * (float) (1.0 / (1.0 + Math.exp(-x[i])));
            }
            return dx;
        });
    }

    /** Keras' ReLU layer with all its options, as the CPU backend computes it. */
    static HostLayer relu(LayerOp.Relu op) {
        float max = (float) op.maxValue();
        float slope = (float) op.negativeSlope();
        float threshold = (float) op.threshold();
        return new HostLayer("ReLU", x -> {
            float[] y = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                float v = x[i];
                y[i] = v >= max ? max : v >= threshold ? v : slope * (v - threshold);
            }
            return y;
        }, (x, dy) -> {
            float[] dx = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                float v = x[i];
                dx[i] = v >= max ? 0f : v > threshold ? dy[i] : dy[i] * slope;
            }
            return dx;
        });
    }

    /** Average pooling counting only real positions, on NCHW values. */
    static HostLayer averagePool(LayerOp.Pooling2D op, Shape inShape, Shape outShape) {
        Layout in = Layout.of(inShape);
        Layout out = Layout.of(outShape);
        Padding p = op.padding();
        int top = p.padBefore(in.h, op.poolH(), op.strideH());
        int left = p.padBefore(in.w, op.poolW(), op.strideW());
        return new HostLayer("AveragePooling2D", x -> {
            int batch = x.length / in.size();
            float[] y = new float[batch * out.size()];
            for (int nc = 0; nc < batch * in.c; nc++) {
                for (int oy = 0; oy < out.h; oy++) {
                    for (int ox = 0; ox < out.w; ox++) {
                        int y0 = Math.max(oy * op.strideH() - top, 0);
                        int y1 = Math.min(oy * op.strideH() - top + op.poolH(), in.h);
                        int x0 = Math.max(ox * op.strideW() - left, 0);
                        int x1 = Math.min(ox * op.strideW() - left + op.poolW(), in.w);
                        float sum = 0f;
                        for (int yy = y0; yy < y1; yy++) {
                            for (int xx = x0; xx < x1; xx++) {
                                sum += x[(nc * in.h + yy) * in.w + xx];
                            }
                        }
                        y[(nc * out.h + oy) * out.w + ox] = sum / ((y1 - y0) * (x1 - x0));
                    }
                }
            }
            return y;
        }, (x, dy) -> {
            int batch = x.length / in.size();
            float[] dx = new float[x.length];
            for (int nc = 0; nc < batch * in.c; nc++) {
                for (int oy = 0; oy < out.h; oy++) {
                    for (int ox = 0; ox < out.w; ox++) {
                        int y0 = Math.max(oy * op.strideH() - top, 0);
                        int y1 = Math.min(oy * op.strideH() - top + op.poolH(), in.h);
                        int x0 = Math.max(ox * op.strideW() - left, 0);
                        int x1 = Math.min(ox * op.strideW() - left + op.poolW(), in.w);
                        float g = dy[(nc * out.h + oy) * out.w + ox] / ((y1 - y0) * (x1 - x0));
                        for (int yy = y0; yy < y1; yy++) {
                            for (int xx = x0; xx < x1; xx++) {
                                dx[(nc * in.h + yy) * in.w + xx] += g;
                            }
                        }
                    }
                }
            }
            return dx;
        });
    }

    @Override
    public Trace forward(DeviceBuffer[] inputs, int batch) {
        float[] x = inputs[0].download();
        DeviceBuffer y = DeviceBuffer.of(forward.apply(x), what + " output (computed on the host)");
        return Trace.of(y, gradOutput -> new DeviceBuffer[] {DeviceBuffer.of(backward.apply(x, gradOutput.download()),
                what + " input gradient (computed on the host)")});
    }
}
