package org.saliency4j.keras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON reader accepts what Python's json.dumps writes, and points at the first error. */
class JsonTest {
    @Test
    void readsNestedValuesInOrder() {
        Object v = Json.parse("{\"b\": [1, 2.5e-3, -4], \"a\": {\"t\": true, \"f\": false, \"n\": null}, \"s\": \"x\\\"\\u00e9\\n\"}");
        assertThat(v).isInstanceOf(Map.class);
        Map<?, ?> m = (Map<?, ?>) v;
        assertThat(List.copyOf(m.keySet())).isEqualTo(List.of("b", "a", "s"));
        assertThat(m.get("b")).isEqualTo(List.of(1.0, 0.0025, -4.0));
        assertThat(((Map<?, ?>) m.get("a")).get("t")).isEqualTo(true);
        assertThat(((Map<?, ?>) m.get("a")).containsKey("n")).isTrue();
        assertThat(m.get("s")).isEqualTo("x\"\u00e9\n");
    }

    @Test
    void acceptsPythonsNonFiniteNumbers() {
        List<?> l = (List<?>) Json.parse("[NaN, Infinity, -Infinity]");
        assertThat(Arrays.asList(l.toArray())).containsExactly(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
    }

    @Test
    void errorsGiveTheOffset() {
        assertThatThrownBy(() -> Json.parse("{\"a\": }")).hasMessageContaining("offset 6");
        assertThatThrownBy(() -> Json.parse("[1, 2")).hasMessageContaining("end of text");
        assertThatThrownBy(() -> Json.parse("{} x")).hasMessageContaining("after the value");
    }
}
