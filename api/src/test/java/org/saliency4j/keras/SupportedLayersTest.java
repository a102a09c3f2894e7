package org.saliency4j.keras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.saliency4j.UnsupportedLayerException;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Shape;

/**
 * The supported list that {@code inspect} and the error messages show is what the importer accepts: it is derived
 * from the parsers' table, and every class on it reaches a parser (the list once left out the aliases Convolution2D,
 * MaxPool2D and AvgPool2D, so inspect called them unsupported although they loaded).
 */
class SupportedLayersTest {
    private static final List<String> HANDLED_BY_THE_GRAPH = List.of("InputLayer", "Sequential", "Functional",
            "Model");

    /** What adding a layer of the class with an empty configuration throws, if anything. */
    private static Throwable addEmpty(String kerasClass) {
        Model.Builder b = Model.builder("m");
        LayerConfig c = LayerConfig.of(Map.of("class_name", kerasClass, "config", Map.of("name", "x")), "test", 0);
        return catchThrowable(() -> KerasLayers.add(b, c, List.of(b.input("in", Shape.of(4, 4, 3))),
                (layer, expected) -> List.of(), ""));
    }

    @Test
    void everyListedClassReachesAParser() {
        assertThat(KerasLayers.SUPPORTED).contains("Convolution2D", "MaxPool2D", "AvgPool2D")
                .containsAll(HANDLED_BY_THE_GRAPH).doesNotHaveDuplicates();
        for (String cls : KerasLayers.SUPPORTED) {
            if (HANDLED_BY_THE_GRAPH.contains(cls)) {
                continue;
            }
            // A parser may refuse the empty configuration (no kernel size, no weights), but not the class.
            Throwable t = addEmpty(cls);
            if (t != null) {
                assertThat(t.getMessage()).as(cls).doesNotContain("is not a supported layer class");
            }
        }
    }

    @Test
    void aClassOffTheListIsRefusedWithTheList() {
        assertThat(addEmpty("Conv3D")).isInstanceOf(UnsupportedLayerException.class)
                .hasMessageContaining("(Conv3D) is not a supported layer class; supported classes are [InputLayer, "
                        + "Conv2D, Convolution2D,");
    }
}
