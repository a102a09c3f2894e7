package org.saliency4j.cuda;

import org.saliency4j.backend.Backend;
import org.saliency4j.backend.BackwardContractTest;

/**
 * The backward pass's contract (gradients back to any layer, the ReLU rules), on the GPU. Tagged {@code gpu}: excluded from {@code mvn verify}, run with
 * {@code -Dsaliency4j.excludedGroups=none -Dgroups=gpu}; skipped with the probe's reason when no usable GPU is present.
 */
@GpuTest
class CudaBackwardContractTest extends BackwardContractTest {
    @Override
    protected Backend createBackend() {
        return new CudaBackendProvider().create();
    }
}
