package org.saliency4j.cpu;

import org.saliency4j.backend.Backend;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.model.Model;

/** The CPU backend; it holds nothing native, so closing it does nothing. */
final class CpuBackend implements Backend {
    @Override
    public String name() {
        return CpuBackendProvider.NAME;
    }

    @Override
    public CompiledModel compile(Model model) {
        return new CpuCompiledModel(model);
    }

    @Override
    public void close() {
        // nothing to release
    }
}
