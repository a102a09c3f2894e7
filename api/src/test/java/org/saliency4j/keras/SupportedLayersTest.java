package org.saliency4j.keras;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The list of supported layer classes that {@code inspect} and the error messages show agrees with the classes the
 * importer's switch accepts: the list once left out the aliases Convolution2D, MaxPool2D and AvgPool2D, so inspect
 * called them unsupported although they loaded.
 */
class SupportedLayersTest {
    @Test
    void theSupportedListIsExactlyWhatTheSwitchAccepts() throws IOException {
        String source = Files.readString(Path.of("src/main/java/org/saliency4j/keras/KerasLayers.java"));
        String body = source.substring(source.indexOf("private static Layer addChecked("));
        body = body.substring(0, body.indexOf("default -> throw c.unsupported("));
        Set<String> accepted = new TreeSet<>();
        Matcher cases = Pattern.compile("case ((?:\"\\w+\",?\\s*)+)->").matcher(body);
        while (cases.find()) {
            Matcher names = Pattern.compile("\"(\\w+)\"").matcher(cases.group(1));
            while (names.find()) {
                accepted.add(names.group(1));
            }
        }
        Set<String> listed = new TreeSet<>(KerasLayers.SUPPORTED);
        // Input layers and containers are handled by the graph, not the layer switch.
        listed.removeAll(Set.of("InputLayer", "Sequential", "Functional", "Model"));
        assertThat(accepted).isNotEmpty().isEqualTo(listed);
    }
}
