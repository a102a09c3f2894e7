package org.saliency4j.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.saliency4j.BackendUnavailableException;

/** The selection rule: explicit requests win and fail loudly, otherwise the best available provider. */
class BackendsTest {
    private record Fake(String name, int priority, Availability probe) implements BackendProvider {
        @Override
        public Backend create() {
            throw new AssertionError("not needed");
        }
    }

    private static final Fake CPU = new Fake("cpu", 0, Availability.available("pure Java"));
    private static final Fake GPU_MISSING = new Fake("cuda", 100, Availability.unavailable("no CUDA driver (libcuda.so.1)"));
    private static final Fake GPU = new Fake("cuda", 100, Availability.available("H100"));

    @Test
    void withoutARequestTheAvailableProviderOfHighestPriorityWins() {
        assertThat(Backends.choose(null, "request", List.of(CPU, GPU)).provider()).isSameAs(GPU);
        assertThat(Backends.choose("auto", "request", List.of(CPU, GPU)).provider()).isSameAs(GPU);
    }

    @Test
    void anUnavailableProviderIsSkippedAndTheReasonKept() {
        BackendSelection s = Backends.choose(null, "request", List.of(GPU_MISSING, CPU));
        assertThat(s.provider()).isSameAs(CPU);
        assertThat(s.reason()).isEqualTo("pure Java; cuda: no CUDA driver (libcuda.so.1), using cpu");
    }

    @Test
    void anExplicitRequestForAnUnavailableBackendFailsWithItsReason() {
        assertThatThrownBy(() -> Backends.choose("CUDA", "system property saliency4j.backend", List.of(CPU, GPU_MISSING)))
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("system property saliency4j.backend").hasMessageContaining("libcuda.so.1");
    }

    @Test
    void anExplicitRequestPicksThatBackendEvenIfAnotherRanksHigher() {
        assertThat(Backends.choose("cpu", "request", List.of(GPU, CPU)).provider()).isSameAs(CPU);
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        assertThatThrownBy(() -> Backends.choose("opencl", "request", List.of(CPU, GPU)))
                .isInstanceOf(BackendUnavailableException.class).hasMessageContaining("[cuda, cpu]");
    }

    @Test
    void aProbeThatThrowsCountsAsUnavailable() {
        BackendProvider broken = new BackendProvider() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public int priority() {
                return 50;
            }

            @Override
            public Availability probe() {
                throw new UnsatisfiedLinkError("no libfoo");
            }

            @Override
            public Backend create() {
                throw new AssertionError("not needed");
            }
        };
        BackendSelection s = Backends.choose(null, "request", List.of(broken, CPU));
        assertThat(s.provider()).isSameAs(CPU);
        assertThat(s.reason()).contains("no libfoo");
    }

    @Test
    void noProviderAtAllIsAnError() {
        assertThatThrownBy(() -> Backends.choose(null, "request", List.of()))
                .isInstanceOf(BackendUnavailableException.class).hasMessageContaining("saliency4j-cpu-fallback");
    }
}
