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
import org.jspecify.annotations.Nullable;
import org.saliency4j.ModelFormatException;
import org.saliency4j.SaliencyException;
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
    private final Group weightsRoot;
    private final long fileBytes;

    private HdfModelReader(Path file, Group weightsRoot, long fileBytes) {
        this.file = file;
        this.weightsRoot = weightsRoot;
        this.fileBytes = fileBytes;
    }

    static Model read(Path file) {
        return open(file, null);
    }

    /**
     * Reads a {@code save_weights()} file (layer groups at the root) with the architecture from
     * {@code model.to_json()}.
     */
    static Model readWeights(Path file, Object architecture) {
        return open(file, architecture);
    }

    private static Model open(Path file, @Nullable Object architecture) {
        try (HdfFile hdf = new HdfFile(file)) {
            requireComplete(file, hdf);
            if (architecture != null) {
                return new HdfModelReader(file, hdf, hdf.size()).model(architecture);
            }
            String config = modelConfig(file, hdf);
            Node weights = hdf.getChildren().get("model_weights");
            if (!(weights instanceof Group weightsGroup)) {
                throw new ModelFormatException(file + ": has a model_config but no 'model_weights' group; "
                        + "save the model with its weights (model.save('model.h5'))");
            }
            return new HdfModelReader(file, weightsGroup, hdf.size()).model(config);
        } catch (SaliencyException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // jHDF reports a damaged structure with assorted exceptions; its words stay in the cause.
            throw damaged(file.toString(), e);
        }
    }

    /** The error for an HDF5 file whose structure (superblock, groups, attributes) the reader cannot follow. */
    static ModelFormatException damaged(String file, Throwable cause) {
        return new ModelFormatException(file + ": cannot be read as HDF5: its structure is damaged or truncated"
                + memoryHint(cause) + "; copy or download it again", cause);
    }

    /**
     * A damaged size field makes the HDF5 reader ask for a block larger than the heap, which the JVM refuses without
     * having allocated it; such a file is reported as damaged like any other. A sound file too large for the heap
     * would fail the same way, so the message says how to tell.
     */
    private static String memoryHint(Throwable cause) {
        return cause instanceof OutOfMemoryError ? " (a header asks for more memory than the heap has; if the file is "
                + "sound, give Java more with -Xmx)" : "";
    }

    /** The superblock records where the file ends; a shorter file lost its tail (an interrupted copy or download). */
    static void requireComplete(Object file, HdfFile hdf) {
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
                    + "Keras model architecture (weights only, from save_weights()?); give its architecture too "
                    + "(KerasModels.load(weights, architectureJson), the JSON of model.to_json()) or save the whole "
                    + "model with model.save('model.h5')");
        }
        if (a.getSizeInBytes() > ReadLimits.configBytes()) {
            throw new ModelFormatException(file + ": 'model_config' has " + a.getSizeInBytes() + " bytes, more than "
                    + "the limit of " + ReadLimits.configBytes() + "; if the model really is this large, raise it with -D"
                    + ReadLimits.CONFIG_PROPERTY + "=<bytes>");
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
        return model(root);
    }

    private Model model(@Nullable Object root) {
        return KerasGraph.build(file.toString(), root, this, this::nested);
    }

    /** The weights of a nested model's layers: all under the nested model's group, named {@code layer/weight}. */
    private KerasLayers.WeightSource nested(String container) {
        Node node = weightsRoot.getChildren().get(container);
        List<String> all = node == null ? List.of() : weightNames(node);
        return (layer, expected) -> {
            List<String> names = all.stream().filter(n -> n.startsWith(layer.name() + "/")).toList();
            return read(layer, expected, node, names);
        };
    }

    @Override
    public List<KerasLayers.Weight> weightsOf(LayerConfig layer, int expected) {
        Node node = weightsRoot.getChildren().get(layer.name());
        return read(layer, expected, node, node == null ? List.of() : weightNames(node));
    }

    /** The {@code weight_names} attribute: strings (or byte strings); absent or an empty array means none. */
    private List<String> weightNames(Node node) {
        Attribute a = node.getAttribute("weight_names");
        Object data = a == null ? null : a.getData();
        if (data instanceof String[] array) {
            return List.of(array);
        }
        if (data == null || (data.getClass().isArray() && java.lang.reflect.Array.getLength(data) == 0)) {
            return List.of();
        }
        throw new ModelFormatException(file + ": group " + node.getPath() + " has a 'weight_names' attribute that "
                + "is not a list of strings: " + data);
    }

    private List<KerasLayers.Weight> read(LayerConfig layer, int expected, @Nullable Node node, List<String> names) {
        try {
            return readChecked(layer, expected, node, names);
        } catch (SaliencyException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            throw weightsDamaged(layer, "model_weights/" + layer.name(), e);
        }
    }

    /** The error for a layer whose weights sit in a part of the file the reader cannot follow. */
    static ModelFormatException weightsDamaged(LayerConfig layer, String where, Throwable cause) {
        return layer.error("has weights that cannot be read: the file's HDF5 structure at " + where + " is damaged"
                + memoryHint(cause) + "; copy or download it again", cause);
    }

    private List<KerasLayers.Weight> readChecked(LayerConfig layer, int expected, @Nullable Node node,
                                                 List<String> names) {
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
            weights.add(new KerasLayers.Weight(name, tensor(layer, name, ds, fileBytes)));
        }
        return weights;
    }

    /**
     * Reads one weight array, refusing one larger than the file could hold and one with a value that is not a
     * finite number (HDF5 keeps no checksums, so this is where a damaged weight shows).
     *
     * @param layer     the layer, for messages
     * @param name      the weight's name, for messages
     * @param ds        the dataset
     * @param fileBytes the size of the file the dataset is in
     */
    static Tensor tensor(LayerConfig layer, String name, Dataset ds, long fileBytes) {
        int[] dims = ds.getDimensions();
        long elements = 1;
        for (int d : dims) {
            if (d < 1) {
                throw layer.error("has an empty weight array '" + name + "'");
            }
            elements *= d;
            if (elements > Integer.MAX_VALUE) {
                throw layer.error("has a weight array '" + name + "' of shape " + java.util.Arrays.toString(dims)
                        + ", more values than an array can hold; the file is damaged");
            }
        }
        long bytes = elements * Math.max(1, ds.getDataType().getSize());
        if (bytes > ReadLimits.EXPANSION * fileBytes) {
            throw layer.error("has a weight array '" + name + "' of shape " + java.util.Arrays.toString(dims)
                    + " (" + bytes + " bytes) in a file of " + fileBytes + " bytes; the file is damaged");
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
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw layer.error("has weight '" + name + "' holding " + values[i] + " at flat index " + i + " of "
                        + java.util.Arrays.toString(dims) + "; HDF5 keeps no checksums, so a damaged file shows "
                        + "this way: copy or download it again (or, if training diverged, save a model that did not)");
            }
        }
        return Tensor.of(Shape.of(dims), values);
    }
}
