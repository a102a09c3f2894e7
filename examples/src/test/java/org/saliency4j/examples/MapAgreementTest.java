package org.saliency4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The comparison the GPU suite checks {@code explain --backend cuda} with: it passes what agrees, names what does not. */
class MapAgreementTest {
    private static JsonNode record(String saliencyCorner, int target) throws Exception {
        return new ObjectMapper().readTree("{\"images\": [{\"target\": " + target + ", \"maps\": {"
                + "\"saliency\": [[" + saliencyCorner + ", -2.0], [0.5, 1.0]],"
                + "\"integrated-gradients\": [[[1, 2, 3], [4, 5, 6]]]}}]}");
    }

    @Test
    void mapsWithinTheFractionOfTheLargestValueAgreeAndOthersAreNamed() throws Exception {
        JsonNode cpu = record("0.25", 3);
        // The saliency map's largest absolute value is 2: 1e-4 of it is 2e-4.
        assertThat(MapAgreement.disagreements(cpu, record("0.2501", 3), 1e-4)).isEmpty();
        assertThat(MapAgreement.disagreements(cpu, record("0.2503", 3), 1e-4)).singleElement().asString()
                .contains("image 0, saliency").contains("largest difference 0.000300").contains("bound 0.000200");
        assertThat(MapAgreement.disagreements(cpu, record("0.25", 5), 1e-4)).singleElement().asString()
                .contains("target 3 against 5");
        assertThat(MapAgreement.disagreements(cpu, record("0.25, 7.0", 3), 1e-4)).singleElement().asString()
                .contains("4 values against 5");
    }
}
