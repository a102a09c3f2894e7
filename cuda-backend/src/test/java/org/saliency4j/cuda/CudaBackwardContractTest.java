package org.saliency4j.cuda;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.saliency4j.backend.Availability;
import org.saliency4j.backend.Backend;
import org.saliency4j.backend.BackwardContractTest;

/**
 * The backward pass's contract (gradients back to any layer, the ReLU rules), on the GPU. Tagged {@code gpu}: excluded from {@code mvn verify}, run with
 * {@code -Dgroups=gpu -DexcludedGroups=none}; skipped with the probe's reason when no usable GPU is present.
 */
@Tag("gpu")
class CudaBackwardContractTest extends BackwardContractTest {
    @BeforeAll
    static void requireGpu() {
        Availability a = new CudaBackendProvider().probe();
        Assumptions.assumeTrue(a.available(), "no usable GPU: " + a.reason());
    }

    @Override
    protected Backend createBackend() {
        return new CudaBackendProvider().create();
    }
}
