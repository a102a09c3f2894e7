package org.saliency4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The home folder comes from the property, else the variable, else ~/.saliency4j. */
class Saliency4jHomeTest {
    private static Properties props(String... kv) {
        Properties p = new Properties();
        p.setProperty("user.home", "/home/u");
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    void propertyWinsOverVariable() {
        Saliency4jHome h = Saliency4jHome.resolve(props("saliency4j.home", "/p"), Map.of("SALIENCY4J_HOME", "/v"));
        assertThat(h.root()).isEqualTo(Path.of("/p"));
        assertThat(h.models()).isEqualTo(Path.of("/p/models"));
        assertThat(h.origin()).contains("system property");
    }

    @Test
    void variableIsUsedWhenNoProperty() {
        Saliency4jHome h = Saliency4jHome.resolve(props(), Map.of("SALIENCY4J_HOME", "/v"));
        assertThat(h.data()).isEqualTo(Path.of("/v/data"));
        assertThat(h.toString()).contains("/v").contains("SALIENCY4J_HOME");
    }

    @Test
    void defaultIsInTheUsersHome() {
        Saliency4jHome h = Saliency4jHome.resolve(props(), Map.of());
        assertThat(h.root()).isEqualTo(Path.of("/home/u/.saliency4j"));
        assertThat(h.origin()).contains("default");
    }
}
