package org.saliency4j.cuda;

import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.runtime.JCuda;
import jcuda.runtime.cudaMemcpyKind;
import org.jspecify.annotations.Nullable;

/** A float array in device memory. {@link #close()} frees it; it is idempotent and throws nothing. */
final class DeviceBuffer implements AutoCloseable {
    private final Pointer pointer = new Pointer();
    private final long floats;
    private final String what;
    private boolean closed;

    private DeviceBuffer(long floats, String what) {
        this.floats = floats;
        this.what = what;
        Status.cuda(JCuda.cudaMalloc(pointer, Math.max(1, floats) * Sizeof.FLOAT), "cudaMalloc",
                what + ", " + floats + " floats");
    }

    /** Allocates uninitialised memory for {@code floats} values. */
    static DeviceBuffer allocate(long floats, String what) {
        return new DeviceBuffer(floats, what);
    }

    /** Allocates and fills with zeros. */
    static DeviceBuffer zeros(long floats, String what) {
        DeviceBuffer b = new DeviceBuffer(floats, what);
        Status.cuda(JCuda.cudaMemset(b.pointer, 0, floats * Sizeof.FLOAT), "cudaMemset", what);
        return b;
    }

    /** Allocates and copies host values up. */
    static DeviceBuffer of(float[] values, String what) {
        DeviceBuffer b = new DeviceBuffer(values.length, what);
        b.upload(values);
        return b;
    }

    /** A new buffer with the same values, copied on the device. */
    DeviceBuffer copy(String copyWhat) {
        DeviceBuffer b = new DeviceBuffer(floats, copyWhat);
        Status.cuda(JCuda.cudaMemcpy(b.pointer, pointer(), floats * Sizeof.FLOAT,
                cudaMemcpyKind.cudaMemcpyDeviceToDevice), "cudaMemcpy device to device", copyWhat + ", " + floats + " floats");
        return b;
    }

    Pointer pointer() {
        if (closed) {
            throw new IllegalStateException(what + " was already freed");
        }
        return pointer;
    }

    long floats() {
        return floats;
    }

    void upload(float[] values) {
        Status.cuda(JCuda.cudaMemcpy(pointer(), Pointer.to(values), (long) values.length * Sizeof.FLOAT,
                cudaMemcpyKind.cudaMemcpyHostToDevice), "cudaMemcpy host to device", what + ", " + values.length + " floats");
    }

    float[] download() {
        float[] values = new float[(int) floats];
        Status.cuda(JCuda.cudaMemcpy(Pointer.to(values), pointer(), floats * Sizeof.FLOAT,
                cudaMemcpyKind.cudaMemcpyDeviceToHost), "cudaMemcpy device to host", what + ", " + floats + " floats");
        return values;
    }

    /** Closes each buffer of the array that is not null (an array being filled when something failed). */
    static void closeAll(@Nullable DeviceBuffer[] buffers) {
        for (DeviceBuffer b : buffers) {
            if (b != null) {
                b.close();
            }
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            JCuda.cudaFree(pointer);
        }
    }
}
