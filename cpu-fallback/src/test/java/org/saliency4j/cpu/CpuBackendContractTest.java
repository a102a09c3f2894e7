package org.saliency4j.cpu;

import org.saliency4j.backend.Backend;
import org.saliency4j.backend.BackendContractTest;

/** The CPU backend passes the contract every backend must pass. */
class CpuBackendContractTest extends BackendContractTest {
    @Override
    protected Backend createBackend() {
        return new CpuBackendProvider().create();
    }
}
