package org.saliency4j.keras;

/**
 * The ceilings a model file's declared and unpacked sizes are held to before anything is read, so that a damaged or
 * hostile file fails with a clear error instead of exhausting memory. Each can be raised with a system property
 * for a genuinely larger model.
 *
 * <ul>
 *   <li>{@code config.json} of a {@code .keras} archive, or an HDF5 file's {@code model_config}: at most
 *       {@value #CONFIG_BYTES} bytes (64 MiB; Keras' largest application models need under 1 MiB), property
 *       {@value #CONFIG_PROPERTY};</li>
 *   <li>{@code model.weights.h5} of an archive: at most {@value #WEIGHTS_BYTES} bytes (16 GiB), property
 *       {@value #WEIGHTS_PROPERTY}; it is unpacked to a temporary file, not into memory;</li>
 *   <li>a compressed archive entry: at most {@value #EXPANSION} times its compressed size (deflate reaches
 *       about 1,000; Keras configurations about 20; Keras stores its entries uncompressed);</li>
 *   <li>a weight array: at most what the file's own size can hold;</li>
 *   <li>JSON nesting: at most {@value #JSON_DEPTH} levels (a Keras configuration with models nested ten deep needs
 *       about 50).</li>
 * </ul>
 */
public final class ReadLimits {
    /** The default ceiling of a model configuration's size in bytes: 64 MiB. */
    public static final long CONFIG_BYTES = 64L << 20;
    /** The system property that raises {@link #CONFIG_BYTES}. */
    public static final String CONFIG_PROPERTY = "saliency4j.maxConfigBytes";
    /** The default ceiling of an archive's weights file in bytes: 16 GiB. */
    public static final long WEIGHTS_BYTES = 16L << 30;
    /** The system property that raises {@link #WEIGHTS_BYTES}. */
    public static final String WEIGHTS_PROPERTY = "saliency4j.maxWeightsBytes";
    /** The largest ratio of a compressed archive entry's unpacked size to its compressed size. */
    public static final int EXPANSION = 200;
    /** The deepest nesting of arrays and objects a JSON configuration may have. */
    public static final int JSON_DEPTH = 512;

    private ReadLimits() {
    }

    /** @return the configuration ceiling in force: the property's value where it is set, else the default */
    static long configBytes() {
        return fromProperty(CONFIG_PROPERTY, CONFIG_BYTES);
    }

    /** @return the weights ceiling in force: the property's value where it is set, else the default */
    static long weightsBytes() {
        return fromProperty(WEIGHTS_PROPERTY, WEIGHTS_BYTES);
    }

    private static long fromProperty(String property, long fallback) {
        String v = System.getProperty(property);
        if (v == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("the system property " + property + " must be a positive number of "
                + "bytes, not '" + v + "'");
    }
}
