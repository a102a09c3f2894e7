package org.saliency4j.cuda;

import org.saliency4j.backend.Backend;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.model.Model;

/** The CUDA backend: one cuDNN handle on device 0, shared (under a lock) by the models it compiles. */
final class CudaBackend implements Backend {
    private final Gpu gpu = new Gpu();

    @Override
    public String name() {
        return CudaBackendProvider.NAME;
    }

    @Override
    public CompiledModel compile(Model model) {
        gpu.lock.lock();
        try {
            return new CudaCompiledModel(gpu, model);
        } finally {
            gpu.lock.unlock();
        }
    }

    @Override
    public void close() {
        gpu.close();
    }
}
