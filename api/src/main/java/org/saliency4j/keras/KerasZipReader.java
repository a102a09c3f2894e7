package org.saliency4j.keras;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.saliency4j.ModelFormatException;
import org.saliency4j.SaliencyException;
import org.saliency4j.UnsupportedLayerException;
import org.saliency4j.model.Model;

/**
 * Reads a Keras 3 {@code .keras} archive (also written by tf.keras 2.15): {@code config.json} and
 * {@code model.weights.h5}, whose weights sit in {@code layers/<auto-name>/vars/<i>}. The auto-names are the
 * snake-case class name numbered per class in layer order ({@code conv2d}, {@code conv2d_1}, ...) and need not
 * match the configuration's layer names, so layers are matched to weights by their order within their class.
 * Archives written on Windows name the groups with a backslash ({@code layers\conv2d}); both are read.
 */
final class KerasZipReader {
    private KerasZipReader() {
    }

    static Model read(Path file) throws IOException {
        Object root;
        Path weights;
        try (ArchiveEntries zip = ArchiveEntries.open(file)) {
            byte[] config = zip.bytes("config.json", ReadLimits.configBytes(), ReadLimits.CONFIG_PROPERTY);
            root = parse(file, config);
            weights = zip.toTemporaryFile("model.weights.h5", ReadLimits.weightsBytes(), ReadLimits.WEIGHTS_PROPERTY);
        }
        try {
            return read(file, root, weights);
        } finally {
            Files.deleteIfExists(weights);
        }
    }

    private static @Nullable Object parse(Path file, byte[] config) {
        try {
            return Json.parse(new String(config, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file + ": config.json is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Builds the model from its configuration with the weights unpacked to {@code weights}. */
    private static Model read(Path file, @Nullable Object root, Path weights) {
        String where = file + " (model.weights.h5)";
        Map<String, String> groups = autoNames(file.toString(), root);
        HdfFile hdf;
        try {
            hdf = new HdfFile(weights);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            throw HdfModelReader.damaged(where, e);
        }
        try (hdf) {
            try {
                HdfModelReader.requireComplete(where, hdf);
            } catch (SaliencyException e) {
                throw e;
            } catch (RuntimeException e) {
                throw HdfModelReader.damaged(where, e);
            }
            long bytes = hdf.size();
            KerasLayers.WeightSource source = (layer, expected) -> {
                if (expected == 0) {
                    return List.of();
                }
                String auto = groups.get(layer.name());
                try {
                    return weights(hdf, layer, auto, expected, bytes);
                } catch (SaliencyException e) {
                    throw e;
                } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                    throw HdfModelReader.weightsDamaged(layer, "layers/" + auto + " of model.weights.h5", e);
                }
            };
            return KerasGraph.build(file.toString(), root, source, container -> {
                throw new UnsupportedLayerException(file + ": the nested model '" + container + "' in a Keras 3 "
                        + "archive is not supported yet");
            });
        }
    }

    private static List<KerasLayers.Weight> weights(HdfFile hdf, LayerConfig layer, @Nullable String auto,
                                                    int expected, long bytes) {
        Node group = auto == null ? null : find(hdf, auto);
        if (!(group instanceof Group g) || !(g.getChildren().get("vars") instanceof Group vars)) {
            throw layer.error("has no weights in model.weights.h5 (looked for layers/" + auto + "/vars)");
        }
        List<KerasLayers.Weight> list = new ArrayList<>();
        for (int i = 0; i < expected; i++) {
            if (!(vars.getChildren().get(Integer.toString(i)) instanceof Dataset ds)) {
                throw layer.error("should have " + expected + " weight arrays in layers/" + auto + "/vars, "
                        + "the archive has " + vars.getChildren().size());
            }
            String name = "layers/" + auto + "/vars/" + i;
            list.add(new KerasLayers.Weight(name, HdfModelReader.tensor(layer, name, ds, bytes)));
        }
        return list;
    }

    private static @Nullable Node find(HdfFile hdf, String auto) {
        Node layers = hdf.getChildren().get("layers");
        if (layers instanceof Group g && g.getChildren().get(auto) != null) {
            return g.getChildren().get(auto);
        }
        return hdf.getChildren().get("layers\\" + auto);
    }

    /** Layer name to weight group, numbering each class's layers in order as Keras 3's auto-naming does. */
    private static Map<String, String> autoNames(String source, @Nullable Object root) {
        Map<String, String> groups = new HashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        if (root instanceof Map<?, ?> m && m.get("config") instanceof Map<?, ?> c && c.get("layers") instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                LayerConfig layer = LayerConfig.of(l.get(i), source, i);
                if (layer.className().equals("InputLayer")) {
                    continue;
                }
                String base = snakeCase(layer.className());
                int k = seen.merge(base, 1, Integer::sum) - 1;
                groups.put(layer.name(), k == 0 ? base : base + "_" + k);
            }
        }
        return groups;
    }

    /** Keras' {@code to_snake_case}: "MaxPooling2D" to "max_pooling2d". */
    static String snakeCase(String className) {
        String s = className.replaceAll("\\W+", "");
        s = s.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        s = s.replaceAll("([a-z])([A-Z])", "$1_$2");
        return s.toLowerCase(Locale.ROOT);
    }
}
