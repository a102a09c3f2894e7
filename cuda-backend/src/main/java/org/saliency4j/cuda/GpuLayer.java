package org.saliency4j.cuda;

import java.util.function.Function;

/**
 * One layer's operation (or activation) compiled for the GPU, holding its uploaded weights. Its forward pass
 * returns a {@link Trace} that keeps what the backward pass needs on the device.
 */
interface GpuLayer extends AutoCloseable {
    /**
     * Runs the forward pass.
     *
     * @param inputs the inbound layers' outputs, device layout; not modified, not owned
     * @param batch  the batch size
     * @return the trace, owning its output and caches
     */
    Trace forward(DeviceBuffer[] inputs, int batch);

    @Override
    default void close() {
        // most operations hold no weights
    }

    /** One forward pass of a layer on the device. */
    interface Trace extends AutoCloseable {
        /** @return the output on the device; owned by the trace */
        DeviceBuffer output();

        /**
         * Back-propagates a gradient given at the output.
         *
         * @param gradOutput on the device; not modified, not owned
         * @return one new buffer per input, owned by the caller
         */
        DeviceBuffer[] backward(DeviceBuffer gradOutput);

        /** Frees what the trace owns; idempotent. */
        @Override
        void close();

        /**
         * A trace that owns only its output.
         *
         * @param output   the output on the device; the trace owns it and frees it on close
         * @param backward maps the output gradient (not owned) to one new buffer per input
         * @return the trace
         */
        static Trace of(DeviceBuffer output, Function<DeviceBuffer, DeviceBuffer[]> backward) {
            return new Trace() {
                @Override
                public DeviceBuffer output() {
                    return output;
                }

                @Override
                public DeviceBuffer[] backward(DeviceBuffer gradOutput) {
                    return backward.apply(gradOutput);
                }

                @Override
                public void close() {
                    output.close();
                }
            };
        }
    }
}
