package org.saliency4j.spark;

import java.io.Serializable;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What each task needs to explain its partition, sent with the task: everything but the model's bytes, which travel
 * once per executor as a broadcast.
 *
 * @param modelSha256 the model file's SHA-256, the executors' cache key
 * @param backend     {@code cpu}, {@code cuda} or {@code auto}
 * @param scale       the pixel scaling preset (ignored for input already in model-input form)
 * @param target      {@code top1} or a class index
 * @param methods     the attribution methods' names
 * @param input       the input column's index in the row
 * @param kind        what the input column holds
 * @param name        the index of the column that names a row in error messages ({@code path}, an image's
 *                    origin), or -1
 * @param batch       rows per batch
 * @param failOnError whether a row that cannot be read fails the job rather than getting an error column
 * @param ranks       per method, the rank of its maps as nested arrays (height, width[, channels]); empty for maps as
 *                    {shape, values}
 * @param metrics     the faithfulness metrics to add per method, names of {@link Metrics#NAMES}; empty for none
 * @param seed        the seed of the methods and metrics that draw at random
 * @param options     the methods' settings
 */
record Settings(String modelSha256, String backend, String scale, String target, List<String> methods, int input,
                InputKind kind, int name, int batch, boolean failOnError, List<Integer> ranks, List<String> metrics,
                long seed, MethodSettings options)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** What the input column holds. */
    enum InputKind {
        /** Spark's image data source struct: origin, height, width, nChannels, mode, data (BGR bytes). */
        IMAGE,
        /** The bytes of an encoded image file (PNG, JPEG, BMP, GIF), as the binaryFile data source reads them. */
        BINARY,
        /** An array of numbers already in model-input form, row-major, channels last. */
        ARRAY
    }

    /** @return the name column, if any */
    @Nullable Integer nameColumn() {
        return name < 0 ? null : name;
    }
}
