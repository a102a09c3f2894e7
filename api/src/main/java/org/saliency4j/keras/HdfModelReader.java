package org.saliency4j.keras;

import io.jhdf.HdfFile;
import io.jhdf.Superblock;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.saliency4j.ModelFormatException;
import org.saliency4j.SaliencyException;
import org.saliency4j.model.Layer;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/**
 * Reads a Keras 2 / tf.keras HDF5 model file: the JSON {@code model_config} root attribute, and each layer's
 * weights from {@code model_weights/<layer>/<weight name>} in the order of the layer group's
 * {@code weight_names} attribute.
 */
final class HdfModelReader implements KerasLayers.WeightSource {
    private final Path file;
    private final HdfFile hdf;
    private final Group weightsRoot;

    private HdfModelReader(Path file, HdfFile hdf, Group weightsRoot) {
        this.file = file;
        this.hdf = hdf;
        this.weightsRoot = weightsRoot;
    }

    static Model read(Path file) {
        try (HdfFile hdf = new HdfFile(file)) {
            requireComplete(file, hdf);
            String config = modelConfig(file, hdf);
            Node weights = hdf.getChildren().get("model_weights");
            if (!(weights instanceof Group weightsGroup)) {
                throw new ModelFormatException(file + ": has a model_config but no 'model_weights' group; "
                        + "save the model with its weights (model.save('model.h5'))");
            }
            return new HdfModelReader(file, hdf, weightsGroup).model(config);
        } catch (SaliencyException e) {
            throw e;
        } catch (RuntimeException e) {
            // jHDF reports a truncated or corrupt file with assorted runtime exceptions.
            throw new ModelFormatException(file + ": cannot be read as HDF5 (truncated or corrupt?): " + e, e);
        }
    }

    /** The superblock records where the file ends; a shorter file lost its tail (an interrupted copy or download). */
    private static void requireComplete(Path file, HdfFile hdf) {
        Superblock sb = hdf.getHdfBackingStorage().getSuperblock();
        long expected = sb.getBaseAddressByte() + sb.getEndOfFileAddress();
        long actual = hdf.size();
        if (actual < expected) {
            throw new ModelFormatException(file + ": truncated: the HDF5 superblock says the file has " + expected
                    + " bytes, it has " + actual + "; copy or download it again");
        }
    }

    private static String modelConfig(Path file, HdfFile hdf) {
        Attribute a = hdf.getAttribute("model_config");
        if (a == null) {
            throw new ModelFormatException(file + ": an HDF5 file without a 'model_config' attribute, so it holds no "
                    + "Keras model architecture (weights only, from save_weights()?); save the whole model with "
                    + "model.save('model.h5')");
        }
        Object data = a.getData();
        if (data instanceof String s) {
            return s;
        }
        if (data instanceof byte[] b) {
            return new String(b, java.nio.charset.StandardCharsets.UTF_8);
        }
        throw new ModelFormatException(file + ": 'model_config' is not a string but " + data);
    }

    private Model model(String configText) {
        Object root;
        try {
            root = Json.parse(configText);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file + ": 'model_config' is not valid JSON: " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> rootMap) || !(rootMap.get("class_name") instanceof String cls)) {
            throw new ModelFormatException(file + ": 'model_config' has no class_name");
        }
        if (!cls.equals("Sequential")) {
            throw new ModelFormatException(file + ": a " + cls + " model; Saliency4J reads Sequential models for now");
        }
        return sequential(rootMap.get("config"));
    }

    private Model sequential(@Nullable Object config) {
        String name = "sequential";
        List<?> entries;
        if (config instanceof List<?> list) {
            entries = list; // Keras 2.0-2.1 wrote the layer list directly
        } else if (config instanceof Map<?, ?> map && map.get("layers") instanceof List<?> list) {
            entries = list;
            if (map.get("name") instanceof String n) {
                name = n;
            }
        } else {
            throw new ModelFormatException(file + ": the Sequential model_config has no layer list");
        }
        List<LayerConfig> layers = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            layers.add(LayerConfig.of(entries.get(i), file.toString(), i));
        }
        if (layers.isEmpty()) {
            throw new ModelFormatException(file + ": the Sequential model '" + name + "' has no layers");
        }
        Model.Builder builder = Model.builder(name);
        LayerConfig first = layers.get(0);
        boolean explicitInput = first.className().equals("InputLayer");
        Layer previous = builder.input(explicitInput ? first.name() : first.name() + "_input", inputShape(first));
        for (LayerConfig layer : explicitInput ? layers.subList(1, layers.size()) : layers) {
            previous = KerasLayers.add(builder, layer, previous, this);
        }
        return builder.build(previous);
    }

    /** Reads {@code batch_input_shape} (Keras 2) or {@code batch_shape} (Keras 3) and drops the batch axis. */
    private Shape inputShape(LayerConfig first) {
        Object raw = first.has("batch_input_shape") ? first.raw("batch_input_shape") : first.raw("batch_shape");
        if (!(raw instanceof List<?> dims) || dims.size() < 2) {
            throw first.error("declares no input shape (batch_input_shape); build the model with an input shape "
                    + "before saving it");
        }
        int[] shape = new int[dims.size() - 1];
        for (int i = 1; i < dims.size(); i++) {
            if (!(dims.get(i) instanceof Double d) || d < 1) {
                throw first.error("has input shape " + dims + " with an unknown size on axis " + i
                        + "; Saliency4J needs fixed input sizes");
            }
            shape[i - 1] = d.intValue();
        }
        return Shape.of(shape);
    }

    @Override
    public List<KerasLayers.Weight> weightsOf(LayerConfig layer, int expected) {
        Node node = weightsRoot.getChildren().get(layer.name());
        List<String> names = new ArrayList<>();
        if (node != null) {
            Attribute a = node.getAttribute("weight_names");
            Object data = a == null ? null : a.getData();
            if (data instanceof String[] array) {
                names.addAll(List.of(array));
            } else if (data != null) {
                throw layer.error("has a 'weight_names' attribute that is not a list of strings: " + data);
            }
        }
        if (names.size() != expected) {
            throw layer.error("should have " + expected + " stored weight arrays, the file has "
                    + names.size() + " " + names + (node == null ? " (no group model_weights/" + layer.name() + ")" : ""));
        }
        List<KerasLayers.Weight> weights = new ArrayList<>();
        for (String name : names) {
            Node w = node == null ? null : ((Group) node).getByPath(name);
            if (!(w instanceof Dataset ds)) {
                throw layer.error("lists weight '" + name + "', which is not a dataset in model_weights/" + layer.name());
            }
            weights.add(new KerasLayers.Weight(name, tensor(layer, name, ds)));
        }
        return weights;
    }

    private Tensor tensor(LayerConfig layer, String name, Dataset ds) {
        int[] dims = ds.getDimensions();
        for (int d : dims) {
            if (d < 1) {
                throw layer.error("has an empty weight array '" + name + "'");
            }
        }
        Object flat = ds.getDataFlat();
        float[] values;
        if (flat instanceof float[] f) {
            values = f;
        } else if (flat instanceof double[] d) {
            values = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                values[i] = (float) d[i];
            }
        } else {
            throw layer.error("has weight '" + name + "' of type " + ds.getJavaType() + "; floating point is needed");
        }
        return Tensor.of(Shape.of(dims), values);
    }
}
