package org.saliency4j.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.saliency4j.BackendUnavailableException;
import org.saliency4j.backend.BackendProvider;
import org.saliency4j.backend.BackendSelection;
import org.saliency4j.backend.Backends;

/** The CPU backend is found through ServiceLoader and is what selection falls back to. */
class CpuBackendProviderTest {
    @Test
    void isRegisteredAsAService() {
        assertThat(Backends.providers()).extracting(BackendProvider::name).contains("cpu");
    }

    @Test
    void isAlwaysAvailableAndSaysWhatItRunsOn() {
        assertThat(new CpuBackendProvider().probe().available()).isTrue();
        assertThat(new CpuBackendProvider().probe().reason()).contains("pure Java").contains("cores");
    }

    @Test
    void isChosenWhenNothingBetterIsOnTheClassPath() {
        BackendSelection s = Backends.choose(null, "request", Backends.providers());
        assertThat(s.provider().name()).isEqualTo("cpu");
        assertThat(s.reason()).startsWith("pure Java");
        try (var backend = s.create()) {
            assertThat(backend.name()).isEqualTo("cpu");
        }
    }

    @Test
    void aRequestForABackendThatIsNotInstalledFailsAndNamesTheKnownOnes() {
        assertThatThrownBy(() -> Backends.choose("cuda", "request", Backends.providers()))
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("'cuda'").hasMessageContaining("not on the class path").hasMessageContaining("cpu");
    }
}
