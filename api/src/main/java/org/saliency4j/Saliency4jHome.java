package org.saliency4j;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * The folder where a user keeps models ({@code models/}) and data sets ({@code data/}) for Saliency4J.
 *
 * <p>Looked up in this order: the system property {@value #PROPERTY}, the environment variable {@value #VARIABLE},
 * and otherwise {@code ~/.saliency4j}. Nothing is downloaded: the user puts the files there (or passes explicit
 * paths to the tools that read them).
 */
public final class Saliency4jHome {
    /** System property that names the home folder; wins over the environment variable. */
    public static final String PROPERTY = "saliency4j.home";
    /** Environment variable that names the home folder. */
    public static final String VARIABLE = "SALIENCY4J_HOME";
    /** Folder name of the default home, under the user's home directory. */
    public static final String DEFAULT_FOLDER = ".saliency4j";

    private final Path root;
    private final String origin;

    private Saliency4jHome(Path root, String origin) {
        this.root = root;
        this.origin = origin;
    }

    /**
     * Resolves the home folder from this JVM's system properties and environment.
     *
     * @return the home folder, which may not exist
     */
    public static Saliency4jHome resolve() {
        return resolve(System.getProperties(), System.getenv());
    }

    /**
     * Resolves the home folder from the given settings (for tests and embedding).
     *
     * @param properties system properties; not modified
     * @param environment environment variables; not modified
     * @return the home folder, which may not exist
     */
    public static Saliency4jHome resolve(Properties properties, Map<String, String> environment) {
        String property = properties.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return new Saliency4jHome(Path.of(property), "system property " + PROPERTY);
        }
        String variable = environment.get(VARIABLE);
        if (variable != null && !variable.isBlank()) {
            return new Saliency4jHome(Path.of(variable), "environment variable " + VARIABLE);
        }
        String userHome = Objects.requireNonNullElse(properties.getProperty("user.home"), ".");
        return new Saliency4jHome(Path.of(userHome, DEFAULT_FOLDER),
                "default (neither " + VARIABLE + " nor -D" + PROPERTY + " is set)");
    }

    /** @return the home folder itself */
    public Path root() {
        return root;
    }

    /** @return the folder for model files, {@code <home>/models} */
    public Path models() {
        return root.resolve("models");
    }

    /** @return the folder for data sets, {@code <home>/data} */
    public Path data() {
        return root.resolve("data");
    }

    /** @return where the home folder came from, for error messages, e.g. "environment variable SALIENCY4J_HOME" */
    public String origin() {
        return origin;
    }

    @Override
    public String toString() {
        return root + " (" + origin + ")";
    }
}
