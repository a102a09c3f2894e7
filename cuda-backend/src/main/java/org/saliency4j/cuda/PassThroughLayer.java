package org.saliency4j.cuda;

/** Dropout at inference and the Activation/Softmax layers before their activation: the data is unchanged. */
final class PassThroughLayer implements GpuLayer {
    @Override
    public Trace forward(DeviceBuffer[] inputs, int batch) {
        DeviceBuffer x = inputs[0];
        return new Trace() {
            @Override
            public DeviceBuffer output() {
                return x;
            }

            @Override
            public DeviceBuffer[] backward(DeviceBuffer gradOutput) {
                return new DeviceBuffer[] {gradOutput.copy("gradient through a pass-through layer")};
            }

            @Override
            public void close() {
                // the output belongs to the inbound layer
            }
        };
    }
}
