package org.saliency4j.attribution;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Tensor;

/**
 * Makes the attribution methods, with their defaults ({@code withX} methods of each change them), and runs several
 * on the same images at once ({@link #explainAll}).
 */
public final class Attributions {
    private static final Map<String, Supplier<AttributionMethod>> BY_NAME = byName();

    private Attributions() {
    }

    private static Map<String, Supplier<AttributionMethod>> byName() {
        Map<String, Supplier<AttributionMethod>> m = new LinkedHashMap<>();
        for (Supplier<AttributionMethod> s : List.<Supplier<AttributionMethod>>of(Attributions::gradient,
                Attributions::saliency, Attributions::gradientTimesInput, Attributions::smoothGrad,
                Attributions::squareGrad, Attributions::varGrad, Attributions::integratedGradients,
                Attributions::guidedBackprop, Attributions::deconvnet, Attributions::gradCam,
                Attributions::gradCamPlusPlus, Attributions::guidedGradCam, Attributions::occlusion,
                Attributions::rise)) {
            m.put(s.get().name(), s);
        }
        return m;
    }

    /** @return dS/dx, signed ({@code gradient}) */
    public static GradientMethod gradient() {
        return GradientMethod.gradient();
    }

    /** @return the largest |dS/dx| over each pixel's channels ({@code saliency}; Simonyan et al. 2013) */
    public static GradientMethod saliency() {
        return GradientMethod.saliency();
    }

    /** @return x * dS/dx ({@code gradient-x-input}) */
    public static GradientMethod gradientTimesInput() {
        return GradientMethod.gradientTimesInput();
    }

    /** @return dS/dx by guided backpropagation ({@code guided-backprop}; Springenberg et al. 2015) */
    public static GradientMethod guidedBackprop() {
        return GradientMethod.guidedBackprop();
    }

    /** @return dS/dx by the deconvnet's rule ({@code deconvnet}; Zeiler and Fergus 2014) */
    public static GradientMethod deconvnet() {
        return GradientMethod.deconvnet();
    }

    /** @return SmoothGrad with 50 samples at noise level 0.15 ({@code smoothgrad}; Smilkov et al. 2017) */
    public static SmoothGrad smoothGrad() {
        return SmoothGrad.of(SmoothGrad.Variant.MEAN);
    }

    /** @return SquareGrad, the mean squared gradient over SmoothGrad's samples ({@code squaregrad}) */
    public static SmoothGrad squareGrad() {
        return SmoothGrad.of(SmoothGrad.Variant.SQUARE);
    }

    /** @return VarGrad, the gradient's variance over SmoothGrad's samples ({@code vargrad}) */
    public static SmoothGrad varGrad() {
        return SmoothGrad.of(SmoothGrad.Variant.VARIANCE);
    }

    /**
     * @return Integrated Gradients from the zero baseline, Gauss-Legendre with 50 nodes
     *         ({@code integrated-gradients}; Sundararajan et al. 2017)
     */
    public static IntegratedGradients integratedGradients() {
        return IntegratedGradients.defaults();
    }

    /**
     * @return Grad-CAM at the last layer with a spatial grid ({@code grad-cam}; Selvaraju et al. 2017)
     */
    public static GradCam gradCam() {
        return GradCam.of(GradCam.Variant.GRAD_CAM);
    }

    /** @return Grad-CAM++ at the last layer with a spatial grid ({@code grad-cam++}; Chattopadhay et al. 2018) */
    public static GradCam gradCamPlusPlus() {
        return GradCam.of(GradCam.Variant.PLUS_PLUS);
    }

    /** @return guided backpropagation times the upsampled Grad-CAM map ({@code guided-grad-cam}) */
    public static GradCam guidedGradCam() {
        return GradCam.of(GradCam.Variant.GUIDED);
    }

    /**
     * @return occlusion with a 4 x 4 window (16 x 16 above 64 pixels), stride half the window, value 0
     *         ({@code occlusion}; Zeiler and Fergus 2014)
     */
    public static Occlusion occlusion() {
        return Occlusion.defaults();
    }

    /** @return RISE with 2000 masks on a 7 x 7 grid, p = 0.5 ({@code rise}; Petsiuk et al. 2018) */
    public static Rise rise() {
        return Rise.defaults();
    }

    /**
     * Runs several methods on the same images: their whole work is announced first
     * ({@link AttributionMethod#announce}), so that the backend chooses at once how to run it, and methods that
     * read the same passes differently share them (SmoothGrad, SquareGrad and VarGrad with the same samples,
     * level, seed and internal batch draw their noisy samples once). Each method's attributions are those its own
     * {@code explain} gives, to the bit.
     *
     * @param model   the compiled model
     * @param methods the methods
     * @param images  a batch in model-input form, {@code (batch, model input shape...)}; not modified
     * @param target  which class to explain on each image
     * @param done    told of each method's attributions as they are ready, in the methods' order
     * @return each method's attributions (one per image), in the methods' order
     * @throws IllegalArgumentException as the methods' {@code explain} does
     */
    public static List<List<Attribution>> explainAll(CompiledModel model, List<? extends AttributionMethod> methods,
                                                     Tensor images, Target target,
                                                     BiConsumer<AttributionMethod, List<Attribution>> done) {
        // Each method announces its work, but for a SmoothGrad whose samples an earlier one draws (and runs).
        int n = methods.size();
        for (int i = 0; i < n; i++) {
            if (firstAlike(methods, i) == i) {
                methods.get(i).announce(model, images.batchSize());
            }
        }
        // The work is announced: the methods run on a view of the model that drops their own announcements.
        CompiledModel announced = new Announced(model);
        List<@Nullable List<Attribution>> results = new ArrayList<>(Collections.nCopies(n, null));
        List<List<Attribution>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Attribution> mine = results.get(i);
            if (mine == null) {
                if (methods.get(i) instanceof SmoothGrad first) {
                    // The first of its kind (the later alike ones are made with it): its variants from one draw.
                    List<Integer> alike = new ArrayList<>();
                    for (int j = i; j < n; j++) {
                        if (methods.get(j) instanceof SmoothGrad b && first.samplesAlike(b)) {
                            alike.add(j);
                        }
                    }
                    List<List<Attribution>> maps = first.explainAlike(announced, images, target,
                            alike.stream().map(j -> (SmoothGrad) methods.get(j)).toList());
                    for (int v = 0; v < alike.size(); v++) {
                        results.set(alike.get(v), maps.get(v));
                    }
                    mine = maps.get(0);
                } else {
                    mine = methods.get(i).explain(announced, images, target);
                }
            }
            out.add(mine);
            done.accept(methods.get(i), mine);
        }
        return out;
    }

    /** @return the names {@link #byName} knows, in order */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /**
     * @param name a method's name, as the command line spells it
     * @return the method with its defaults
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static AttributionMethod byName(String name) {
        Supplier<AttributionMethod> s = BY_NAME.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no attribution method '" + name + "'; the methods are "
                    + String.join(", ", BY_NAME.keySet()));
        }
        return s.get();
    }

    /**
     * Fixes what a method leaves to the model, so that a record of the run names it and a bad fit fails before any
     * work: Grad-CAM's layer (the last with a spatial grid, if not chosen) and occlusion's window and stride; and
     * checks Integrated Gradients' baseline against the input, and that RISE has a probability to weigh its masks by.
     *
     * @param method the method
     * @param model  the model it will explain
     * @return the method with those settings resolved; the method itself when it has none
     * @throws IllegalArgumentException when the method does not fit the model (no layer with a spatial grid, a
     *                                  window larger than the input, a baseline that cannot be made for it, RISE
     *                                  on a model whose output is one unit without a sigmoid)
     */
    public static AttributionMethod resolvedFor(AttributionMethod method, Model model) {
        if (method instanceof GradCam g) {
            return g.withLayer(g.layerOf(model).name());
        }
        if (method instanceof Occlusion o) {
            return o.resolvedFor(model.inputShape());
        }
        if (method instanceof IntegratedGradients ig) {
            ig.requireFits(model.inputShape());
        }
        if (method instanceof Rise && !Logits.hasProbability(model.output())) {
            throw new IllegalArgumentException("rise weighs its masks by the target's probability, which a model whose "
                    + "output is one unit without a sigmoid does not give");
        }
        return method;
    }

    /**
     * @param method a method
     * @param seed   the seed of its random draws
     * @return the method with that seed where it draws at random (SmoothGrad and its variants' noise, RISE's
     *         masks); the method itself otherwise
     */
    public static AttributionMethod seeded(AttributionMethod method, long seed) {
        if (method instanceof SmoothGrad s) {
            return s.withSeed(seed);
        }
        if (method instanceof Rise r) {
            return r.withSeed(seed);
        }
        return method;
    }

    /**
     * @return the index of the first method that draws the samples of method {@code i}: an earlier SmoothGrad alike
     *         it ({@link SmoothGrad#samplesAlike}), else {@code i}
     */
    private static int firstAlike(List<? extends AttributionMethod> methods, int i) {
        if (methods.get(i) instanceof SmoothGrad b) {
            for (int j = 0; j < i; j++) {
                if (methods.get(j) instanceof SmoothGrad a && a.samplesAlike(b)) {
                    return j;
                }
            }
        }
        return i;
    }

    /** A view of a compiled model whose work has been announced: it drops further announcements. */
    private static final class Announced extends ModelView {
        Announced(CompiledModel model) {
            super(model);
        }

        @Override
        public void announceWork(long samplePasses) {
            // announced already: counting it again would count the same work twice
        }

        @Override
        public void announceForwardWork(long samplePasses) {
            // announced already
        }
    }
}
