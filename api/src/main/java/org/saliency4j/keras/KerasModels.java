package org.saliency4j.keras;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.saliency4j.ModelFormatException;
import org.saliency4j.model.Model;

/**
 * Loads Keras model files.
 *
 * <p>Supported: Keras 2 / tf.keras and Keras 3 HDF5 files written by {@code model.save('x.h5')} (the
 * {@code model_config} attribute and the {@code model_weights} group), Keras 3 {@code .keras} zip archives, and
 * {@code save_weights()} files with their {@code to_json()} architecture; Sequential and functional models, nested
 * models flattened into one graph. The format is recognised from the file's bytes, not its name. A model loads completely, with every weight checked against its configuration, or not at
 * all.
 */
public final class KerasModels {
    private KerasModels() {
    }

    /**
     * Loads a weights file written by {@code model.save_weights('w.h5')} with the architecture written by
     * {@code model.to_json()}.
     *
     * @param weights      the HDF5 weights file
     * @param architecture the JSON architecture file
     * @return the model, every shape checked
     * @throws IOException when a file cannot be read
     */
    public static Model load(Path weights, Path architecture) throws IOException {
        requireFile(weights, "weights");
        if (ModelFileFormat.detect(weights) != ModelFileFormat.HDF5) {
            throw new ModelFormatException(weights + ": not an HDF5 file; give the file written by save_weights()");
        }
        requireFile(architecture, "architecture");
        if (Files.size(architecture) > ReadLimits.configBytes()) {
            throw new ModelFormatException(architecture + ": has " + Files.size(architecture) + " bytes, more than "
                    + "the limit of " + ReadLimits.configBytes() + " for an architecture; if it really is this large, "
                    + "raise it with -D" + ReadLimits.CONFIG_PROPERTY + "=<bytes>");
        }
        String json;
        try {
            json = Files.readString(architecture);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ModelFormatException(architecture + ": not a JSON text (not UTF-8); give the file written from "
                    + "model.to_json()", e);
        }
        Object root;
        try {
            root = Json.parse(json);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(architecture + ": not valid JSON: " + e.getMessage() + "; give the file "
                    + "written from model.to_json()", e);
        }
        if (root == null) {
            throw new ModelFormatException(architecture + ": the JSON text is null; give the file written from "
                    + "model.to_json()");
        }
        return HdfModelReader.readWeights(weights, root);
    }

    /**
     * Loads a model file.
     *
     * @param file the model file
     * @return the model, every shape checked
     * @throws IOException                                  when the file cannot be read
     * @throws ModelFormatException                         when it is not a readable Keras model
     * @throws org.saliency4j.UnsupportedLayerException     when it uses a layer or option that is not supported
     * @throws org.saliency4j.ShapeMismatchException        when its weights or shapes contradict its configuration
     */
    public static Model load(Path file) throws IOException {
        requireFile(file, "model");
        ModelFileFormat format = ModelFileFormat.detect(file);
        return switch (format) {
            case HDF5 -> HdfModelReader.read(file);
            case ZIP -> KerasZipReader.read(file);
            case JSON -> throw new ModelFormatException(file + ": a JSON text (an architecture from to_json()?) holds "
                    + "no weights; give the HDF5 file written by model.save('model.h5')");
            case UNKNOWN -> throw new ModelFormatException(file + ": not an HDF5 file (no HDF5 signature); "
                    + "give the file written by Keras' model.save('model.h5')");
        };
    }

    /** A missing file, or a folder where a file is needed, said in words. */
    private static void requireFile(Path file, String what) throws IOException {
        if (Files.isDirectory(file)) {
            throw new java.nio.file.FileSystemException(file.toString(), null, "a folder, not a " + what + " file");
        }
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such " + what + " file");
        }
    }
}
