package org.saliency4j.cuda;

import org.saliency4j.cpu.CpuLayer;
import org.saliency4j.model.Layer;

/**
 * A layer (or activation) the GPU has no kernel for, run on the host by the CPU backend's kernel
 * ({@link CpuLayer}): forward, its inputs are downloaded and its output uploaded; backward, the output gradient is
 * downloaded and the input gradients uploaded. Results equal the CPU backend's. docs/gpu.md lists what takes this
 * path.
 */
final class CpuFallbackLayer implements GpuLayer {
    private final CpuLayer cpu;
    private final Layout[] inputs;
    private final Layout output;
    private final String name;

    private CpuFallbackLayer(CpuLayer cpu, Layout[] inputs, Layout output, String name) {
        this.cpu = cpu;
        this.inputs = inputs;
        this.output = output;
        this.name = name;
    }

    /**
     * @param layer a layer of a loaded model
     * @return its operation on the host
     * @throws org.saliency4j.UnsupportedLayerException when the CPU backend has no kernel for it either
     */
    static CpuFallbackLayer of(Layer layer) {
        Layout[] in = layer.inbound().isEmpty() ? new Layout[] {Layout.of(layer.outputShape())}
                : layer.inbound().stream().map(l -> Layout.of(l.outputShape())).toArray(Layout[]::new);
        return new CpuFallbackLayer(CpuLayer.of(layer), in, Layout.of(layer.outputShape()), layer.name());
    }

    /**
     * @param layer a layer of a loaded model whose activation is not linear
     * @return its activation on the host
     */
    static CpuFallbackLayer activationOf(Layer layer) {
        Layout out = Layout.of(layer.outputShape());
        return new CpuFallbackLayer(CpuLayer.activationOf(layer), new Layout[] {out}, out,
                layer.name() + " " + layer.activation().kerasName());
    }

    @Override
    public Trace forward(DeviceBuffer[] buffers, int batch) {
        float[][] host = new float[buffers.length][];
        for (int k = 0; k < host.length; k++) {
            host[k] = inputs[k].toHost(buffers[k].download(), batch);
        }
        CpuLayer.Pass pass = cpu.forward(host, batch);
        DeviceBuffer y = DeviceBuffer.of(output.toDevice(pass.output(), batch),
                name + " output (computed on the host)");
        return Trace.of(y, gradOutput -> {
            float[][] dx = pass.backward(output.toHost(gradOutput.download(), batch));
            DeviceBuffer[] up = new DeviceBuffer[dx.length];
            try {
                for (int k = 0; k < dx.length; k++) {
                    up[k] = DeviceBuffer.of(inputs[k].toDevice(dx[k], batch), name + " input gradient " + k);
                }
            } catch (RuntimeException e) {
                DeviceBuffer.closeAll(up);
                throw e;
            }
            return up;
        });
    }

    @Override
    public String toString() {
        return name + " on the host";
    }
}
