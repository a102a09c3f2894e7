package org.saliency4j.attribution;

import java.util.List;
import java.util.Map;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.tensor.Tensor;

/**
 * An attribution method, configured: immutable, usable from several threads. Its results for a batch are those of
 * each image alone, to the bit.
 */
public interface AttributionMethod {

    /** @return the method's name, as the command line spells it (for example {@code integrated-gradients}) */
    String name();

    /**
     * Explains the model's prediction on each image.
     *
     * @param model  the compiled model
     * @param images a batch in model-input form, {@code (batch, model input shape...)}; not modified
     * @param target which class to explain on each image
     * @return one attribution per image, in order
     * @throws org.saliency4j.ShapeMismatchException when the images do not have the model's input shape
     * @throws IllegalArgumentException              when the target names a class the model does not have, or
     *                                               the method does not fit the model (a Grad-CAM layer without
     *                                               a spatial grid)
     */
    List<Attribution> explain(CompiledModel model, Tensor images, Target target);

    /**
     * Tells the model how much work explaining {@code images} images will be
     * ({@link CompiledModel#announceWork}, {@link CompiledModel#announceForwardWork}). {@link #explain} announces
     * its own work as it starts; {@link Attributions#explainAll} calls this for every method before the first
     * runs, so that the backend can choose at once how to run the whole (the CPU backend's vector kernels pay for
     * their compilation only over enough work), and keeps the methods from announcing their work again. A hint:
     * the maps never depend on it. The default announces one pass with its backward pass per image.
     *
     * @param model  the compiled model
     * @param images the number of images that will be explained
     */
    default void announce(CompiledModel model, int images) {
        model.announceWork(images);
    }

    /** @return the settings that decide its maps, by name (for a record of what ran); empty for none */
    default Map<String, Object> settings() {
        return Map.of();
    }

    /** @return whether its maps are signed (negative values mean something) rather than non-negative */
    default boolean signed() {
        return true;
    }
}
