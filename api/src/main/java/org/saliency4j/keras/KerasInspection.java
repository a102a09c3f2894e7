package org.saliency4j.keras;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.saliency4j.SaliencyException;
import org.saliency4j.model.Model;

/**
 * What a model file holds and whether it loads: its format, Keras version, model class, the layer classes it
 * uses (nested models included) marked supported or not, and the model or the reason it does not load.
 *
 * @param file         the file
 * @param format       the container format recognised from the bytes
 * @param kerasVersion the Keras version the file records, or "unknown"
 * @param modelClass   Sequential, Functional, Model, or "unknown"
 * @param layerClasses each Keras layer class with how many layers use it
 * @param unsupported  the layer classes Saliency4J does not support
 * @param model        the model, when it loads
 * @param error        why it does not load, when it does not
 */
public record KerasInspection(Path file, String format, String kerasVersion, String modelClass,
                              Map<String, Integer> layerClasses, List<String> unsupported, @Nullable Model model,
                              @Nullable String error) {

    /**
     * Inspects a file; never throws for a bad model, only for unreadable files.
     *
     * @param file the model file
     * @return the inspection
     * @throws IOException when the file cannot be read at all
     */
    public static KerasInspection of(Path file) throws IOException {
        ModelFileFormat format = ModelFileFormat.detect(file);
        String version = "unknown";
        String config = null;
        try {
            if (format == ModelFileFormat.HDF5) {
                try (HdfFile hdf = new HdfFile(file)) {
                    String v = text(hdf.getAttribute("keras_version"), null);
                    version = v == null ? version : v;
                    Attribute a = hdf.getAttribute("model_config");
                    config = a != null && a.getSizeInBytes() <= ReadLimits.configBytes() ? text(a, null) : null;
                }
            } else if (format == ModelFileFormat.ZIP) {
                try (ArchiveEntries zip = ArchiveEntries.open(file)) {
                    if (zip.has("metadata.json") && Json.parse(new String(zip.bytes("metadata.json",
                            ReadLimits.configBytes(), ReadLimits.CONFIG_PROPERTY), StandardCharsets.UTF_8))
                            instanceof Map<?, ?> m && m.get("keras_version") instanceof String v) {
                        version = v;
                    }
                    config = zip.has("config.json") ? new String(zip.bytes("config.json", ReadLimits.configBytes(),
                            ReadLimits.CONFIG_PROPERTY), StandardCharsets.UTF_8) : null;
                }
            }
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // What cannot be read here is reported by the load below, in its words.
            config = null;
        }
        Map<String, Integer> classes = new TreeMap<>();
        String modelClass = "unknown";
        if (config != null) {
            try {
                Object root = Json.parse(config);
                if (root instanceof Map<?, ?> m && m.get("class_name") instanceof String c) {
                    modelClass = c;
                    count(m.get("config"), classes);
                }
            } catch (IllegalArgumentException e) {
                modelClass = "unreadable configuration";
            }
        }
        List<String> unsupported = classes.keySet().stream().filter(c -> !KerasLayers.SUPPORTED.contains(c)).toList();
        Model model = null;
        String error = null;
        try {
            model = KerasModels.load(file);
        } catch (SaliencyException | IOException e) {
            error = e.getMessage();
        }
        return new KerasInspection(file, format.name(), version, modelClass, classes, unsupported, model, error);
    }

    private static @Nullable String text(@Nullable Attribute a, @Nullable String fallback) {
        Object v = a == null ? null : a.getData();
        return v instanceof String s ? s : v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : fallback;
    }

    private static void count(@Nullable Object config, Map<String, Integer> classes) {
        Object layers = config instanceof Map<?, ?> m ? m.get("layers") : config;
        if (!(layers instanceof List<?> list)) {
            return;
        }
        for (Object entry : list) {
            if (entry instanceof Map<?, ?> e && e.get("class_name") instanceof String cls) {
                classes.merge(cls, 1, Integer::sum);
                count(e.get("config"), classes);
            }
        }
    }
}
