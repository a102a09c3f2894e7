package org.saliency4j.cpu;

import org.saliency4j.backend.Backend;
import org.saliency4j.backend.BackwardContractTest;

/** The CPU backend passes the backward pass's contract: gradients back to any layer, and the ReLU rules. */
class CpuBackwardContractTest extends BackwardContractTest {
    @Override
    protected Backend createBackend() {
        return new CpuBackendProvider().create();
    }
}
