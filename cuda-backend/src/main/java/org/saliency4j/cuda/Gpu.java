package org.saliency4j.cuda;

import java.util.concurrent.locks.ReentrantLock;
import jcuda.Pointer;
import jcuda.jcudnn.JCudnn;
import jcuda.jcudnn.cudnnHandle;

/**
 * The cuDNN handle of a backend with the constants its calls take. A cuDNN handle must not be used by two threads
 * at once: every use holds {@link #lock}.
 */
final class Gpu implements AutoCloseable {
    final cudnnHandle handle = new cudnnHandle();
    final ReentrantLock lock = new ReentrantLock();
    final Pointer one = Pointer.to(new float[] {1f});
    final Pointer zero = Pointer.to(new float[] {0f});
    private boolean closed;

    Gpu() {
        Status.dnn(JCudnn.cudnnCreate(handle), "cudnnCreate", "handle");
    }

    static Pointer scalar(float value) {
        return Pointer.to(new float[] {value});
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                JCudnn.cudnnDestroy(handle);
            }
        } finally {
            lock.unlock();
        }
    }
}
