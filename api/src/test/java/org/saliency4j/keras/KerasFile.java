package org.saliency4j.keras;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes small HDF5 files laid out as Keras 2's {@code model.save('x.h5')} does (a {@code model_config} JSON
 * attribute, a {@code model_weights} group with one group per layer and a {@code weight_names} attribute), so
 * that the importer can be tested without the real models.
 */
final class KerasFile {
    private final List<String> layerConfigs = new ArrayList<>();
    private final Map<String, Map<String, Object>> weights = new LinkedHashMap<>();
    private @Nullable String modelConfig;

    /**
     * Adds a layer entry {@code {"class_name": cls, "config": {json}}} and its weights, keyed by their path relative
     * to the layer's group (as {@code weight_names} lists them, e.g. {@code "conv/kernel:0"}), in order.
     */
    KerasFile layer(String cls, String configJson, Map<String, Object> layerWeights) {
        layerConfigs.add("{\"class_name\": \"" + cls + "\", \"config\": {" + configJson + "}}");
        String name = configJson.replaceAll(".*\"name\": \"([^\"]+)\".*", "$1");
        weights.put(name, layerWeights);
        return this;
    }

    /** Replaces the generated Sequential configuration with the given text. */
    KerasFile modelConfig(String json) {
        modelConfig = json;
        return this;
    }

    /** Writes the file, with no {@code model_config} attribute when {@code withConfig} is false. */
    Path write(Path file, boolean withConfig) {
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            if (withConfig) {
                String config = modelConfig != null ? modelConfig
                        : "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"test_model\", \"layers\": ["
                        + String.join(", ", layerConfigs) + "]}}";
                hdf.putAttribute("model_config", config);
            }
            hdf.putAttribute("keras_version", "2.2.4-tf");
            hdf.putAttribute("backend", "tensorflow");
            WritableGroup root = hdf.putGroup("model_weights");
            if (!weights.isEmpty()) {
                root.putAttribute("layer_names", weights.keySet().toArray(new String[0]));
            }
            for (Map.Entry<String, Map<String, Object>> layer : weights.entrySet()) {
                if (layer.getValue().isEmpty()) {
                    continue; // Keras writes an empty group; the reader treats a missing one the same way
                }
                WritableGroup g = root.putGroup(layer.getKey());
                Map<String, WritableGroup> groups = new LinkedHashMap<>();
                for (Map.Entry<String, Object> w : layer.getValue().entrySet()) {
                    String path = w.getKey();
                    int slash = path.lastIndexOf('/');
                    WritableGroup parent = slash < 0 ? g
                            : groups.computeIfAbsent(path.substring(0, slash), g::putGroup);
                    parent.putDataset(path.substring(slash + 1), w.getValue());
                }
                if (!layer.getValue().isEmpty()) {
                    g.putAttribute("weight_names", layer.getValue().keySet().toArray(new String[0]));
                }
            }
        }
        return file;
    }
}
