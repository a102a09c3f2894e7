package org.saliency4j.keras;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
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
        String config;
        byte[] weights;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            config = new String(entry(zip, file, "config.json"), StandardCharsets.UTF_8);
            weights = entry(zip, file, "model.weights.h5");
        } catch (java.util.zip.ZipException e) {
            throw new ModelFormatException(file + ": a damaged zip archive: " + e.getMessage(), e);
        }
        Object root;
        try {
            root = Json.parse(config);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file + ": config.json is not valid JSON: " + e.getMessage(), e);
        }
        try (HdfFile hdf = HdfFile.fromBytes(weights)) {
            Map<String, String> groups = autoNames(file.toString(), root);
            KerasLayers.WeightSource source = (layer, expected) -> {
                if (expected == 0) {
                    return List.of();
                }
                String auto = groups.get(layer.name());
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
                    list.add(new KerasLayers.Weight("layers/" + auto + "/vars/" + i,
                            HdfModelReader.tensor(layer, "layers/" + auto + "/vars/" + i, ds)));
                }
                return list;
            };
            return KerasGraph.build(file.toString(), root, source, container -> {
                throw new UnsupportedLayerException(file + ": the nested model '" + container + "' in a Keras 3 "
                        + "archive is not supported yet");
            });
        } catch (SaliencyException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelFormatException(file + ": model.weights.h5 cannot be read as HDF5: " + e, e);
        }
    }

    private static byte[] entry(ZipFile zip, Path file, String name) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw new ModelFormatException(file + ": a zip archive without " + name + ", so not a Keras model archive");
        }
        try (InputStream in = zip.getInputStream(e)) {
            return in.readAllBytes();
        }
    }

    private static Node find(HdfFile hdf, String auto) {
        Node layers = hdf.getChildren().get("layers");
        if (layers instanceof Group g && g.getChildren().get(auto) != null) {
            return g.getChildren().get(auto);
        }
        return hdf.getChildren().get("layers\\" + auto);
    }

    /** Layer name to weight group, numbering each class's layers in order as Keras 3's auto-naming does. */
    private static Map<String, String> autoNames(String source, Object root) {
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
