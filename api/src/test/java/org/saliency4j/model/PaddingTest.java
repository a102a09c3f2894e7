package org.saliency4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** TensorFlow's padding rules (tf.nn.conv2d documentation: "same" pads the smaller half before). */
class PaddingTest {
    @ParameterizedTest(name = "{0} in={1} k={2} s={3}: out {4}, before {5}")
    @CsvSource({
        "VALID, 32, 3, 1, 30, 0",
        "VALID, 15, 2, 2, 7, 0",
        "VALID, 13, 2, 2, 6, 0",
        "SAME, 32, 3, 1, 32, 1",
        "SAME, 5, 2, 1, 5, 0",
        "SAME, 8, 3, 2, 4, 0",
        "SAME, 7, 3, 2, 4, 1",
        "SAME, 224, 7, 2, 112, 2",
        "SAME, 3, 5, 3, 1, 1",
    })
    void outputSizeAndPaddingBefore(Padding p, int in, int k, int s, int out, int before) {
        assertThat(p.outputSize(in, k, s)).isEqualTo(out);
        assertThat(p.padBefore(in, k, s)).isEqualTo(before);
    }
}
