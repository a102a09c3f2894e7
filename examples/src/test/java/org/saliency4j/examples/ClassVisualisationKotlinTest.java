package org.saliency4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.saliency4j.testing.SharedFiles;

/** The Kotlin example compiles (the build) and runs: it reaches the notebook's figure-1 result for the cat. */
class ClassVisualisationKotlinTest {
    @Test
    void theKotlinClassVisualisationMakesTheModelSeeACat() {
        List<Integer> epochs = new ArrayList<>();
        ClassVisualisation.Outcome outcome = ClassVisualisation.run(SharedFiles.require(SharedFiles.CNN5), 3, 100,
                (epoch, value) -> {
                    epochs.add(epoch);
                    return kotlin.Unit.INSTANCE;
                });
        assertThat(outcome.getFormula()).isEqualTo("crossEntropy(dense_1 logits, class 3) + 0.001 * ||image||");
        assertThat(outcome.getPredictedClass()).isEqualTo(3);
        // The notebook's figure 1 caption for the cat: 99.96 %; one image alone gives what the batch gives.
        assertThat(String.format(java.util.Locale.ROOT, "%.2f", outcome.getProbability() * 100)).isEqualTo("99.96");
        assertThat(outcome.getObjective()).hasSize(100);
        assertThat(epochs).hasSize(100).startsWith(0, 1).endsWith(99);
    }
}
