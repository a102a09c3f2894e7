package org.saliency4j.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.saliency4j.BackendUnavailableException;
import org.saliency4j.backend.Availability;
import org.saliency4j.backend.BackendProvider;
import org.saliency4j.backend.BackendSelection;
import org.saliency4j.backend.Backends;
import org.saliency4j.cpu.CpuBackendProvider;

/**
 * On a machine without a usable GPU (as CI): the probe reports why without throwing, selection falls back to the
 * CPU and keeps the reason, and an explicit request for CUDA fails with it.
 */
class CudaFallbackTest {
    private Availability probe;

    @BeforeEach
    void probe() {
        probe = new CudaBackendProvider().probe();
        Assumptions.assumeFalse(probe.available(), "a GPU is available here; the fallback path is not exercised");
    }

    @Test
    void theProbeSaysWhyWithoutThrowing() {
        assertThat(probe.reason()).isNotBlank();
        assertThat(new CudaBackendProvider().probe()).isEqualTo(probe);
    }

    @Test
    void isRegisteredWithAHigherPriorityThanTheCpu() {
        assertThat(Backends.providers()).extracting(BackendProvider::name).startsWith("cuda").contains("cpu");
        assertThat(CudaBackendProvider.PRIORITY).isGreaterThan(CpuBackendProvider.PRIORITY);
    }

    @Test
    void selectionFallsBackToTheCpuAndKeepsTheReason() {
        BackendSelection s = Backends.choose(null, "request", Backends.providers());
        assertThat(s.provider().name()).isEqualTo("cpu");
        assertThat(s.reason()).endsWith("; cuda: " + probe.reason() + ", using cpu");
    }

    @Test
    void anExplicitRequestFailsWithTheReason() {
        assertThatThrownBy(() -> Backends.choose("cuda", "environment variable SALIENCY4J_BACKEND",
                List.of(new CpuBackendProvider(), new CudaBackendProvider())))
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("environment variable SALIENCY4J_BACKEND").hasMessageContaining(probe.reason());
        assertThatThrownBy(() -> new CudaBackendProvider().create()).isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining(probe.reason());
    }
}
