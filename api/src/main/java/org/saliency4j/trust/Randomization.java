package org.saliency4j.trust;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import org.saliency4j.model.Layer;
import org.saliency4j.model.LayerOp;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/**
 * Model randomisation, the sanity check of Adebayo et al. ("Sanity Checks for Saliency Maps", NeurIPS 2018): copies
 * of a model with the weights of chosen layers re-initialised as Keras initialises that layer class, so that a method
 * whose maps barely change can be seen not to explain the model. The original model is never changed.
 *
 * <p>Re-initialisation, Keras' defaults: Conv2D, Dense and DepthwiseConv2D kernels Glorot uniform (uniform on
 * [-l, l] with l = sqrt(6 / (fan_in + fan_out)), the fans as Keras' {@code compute_fans}: the last two kernel axes
 * times the product of the others), biases 0; BatchNormalization at its identity (gamma 1, beta 0, moving mean 0,
 * moving variance 1); PReLU's alpha 0. Layer number k of {@link #weightedLayers} draws from a generator seeded with
 * (seed, k), so a layer gets the same new weights in the cascading and in the independent check.
 */
public final class Randomization {
    private Randomization() {
    }

    /**
     * One randomised model.
     *
     * @param layer the layer randomised last (cascading) or alone (independent)
     * @param model the copy
     */
    public record Step(String layer, Model model) {
    }

    /**
     * @param model the model
     * @return the layers with weights that re-initialisation changes, from the input to the output
     */
    public static List<Layer> weightedLayers(Model model) {
        List<Layer> out = new ArrayList<>();
        for (Layer l : model.nodes()) {
            LayerOp op = l.op();
            if (op instanceof LayerOp.Conv2D || op instanceof LayerOp.Dense || op instanceof LayerOp.DepthwiseConv2D
                    || op instanceof LayerOp.BatchNorm || op instanceof LayerOp.PRelu) {
                out.add(l);
            }
        }
        return out;
    }

    /**
     * The cascading check: the first model has the output-most weighted layer re-initialised, each next one also the
     * layer below, down to the input-most.
     *
     * @param model the model
     * @param seed  the seed
     * @return one copy per weighted layer, output-most first
     */
    public static List<Step> cascading(Model model, long seed) {
        List<Layer> weighted = weightedLayers(model);
        List<Step> steps = new ArrayList<>();
        IdentityHashMap<Layer, LayerOp> replaced = new IdentityHashMap<>();
        for (int k = weighted.size() - 1; k >= 0; k--) {
            Layer l = weighted.get(k);
            replaced.put(l, reinitialised(l.op(), generator(seed, k)));
            steps.add(new Step(l.name(), model.withOps(replaced)));
        }
        return steps;
    }

    /**
     * The independent check: one copy per weighted layer with that layer alone re-initialised.
     *
     * @param model the model
     * @param seed  the seed
     * @return one copy per weighted layer, output-most first, as the cascading check
     */
    public static List<Step> independent(Model model, long seed) {
        List<Layer> weighted = weightedLayers(model);
        List<Step> steps = new ArrayList<>();
        for (int k = weighted.size() - 1; k >= 0; k--) {
            Layer l = weighted.get(k);
            steps.add(new Step(l.name(), model.withOps(Map.of(l, reinitialised(l.op(), generator(seed, k))))));
        }
        return steps;
    }

    /**
     * A copy with the given layers re-initialised.
     *
     * @param model  the model
     * @param layers layers of the model
     * @param seed   the seed
     * @return the copy
     */
    public static Model randomised(Model model, Collection<Layer> layers, long seed) {
        List<Layer> weighted = weightedLayers(model);
        IdentityHashMap<Layer, LayerOp> replaced = new IdentityHashMap<>();
        for (Layer l : layers) {
            int k = weighted.indexOf(l);
            if (k < 0) {
                throw new IllegalArgumentException("layer " + l + " has no weights to re-initialise");
            }
            replaced.put(l, reinitialised(l.op(), generator(seed, k)));
        }
        return model.withOps(replaced);
    }

    private static SplittableRandom generator(long seed, int layer) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + layer);
    }

    /**
     * A layer's operation with its weights re-initialised as Keras would.
     *
     * @param op the operation
     * @param r  the generator
     * @return the new operation
     */
    static LayerOp reinitialised(LayerOp op, SplittableRandom r) {
        if (op instanceof LayerOp.Conv2D c) {
            return new LayerOp.Conv2D(glorot(c.kernel().shape(), r), zerosLike(c.bias()), c.strideH(), c.strideW(),
                    c.padding());
        }
        if (op instanceof LayerOp.Dense d) {
            return new LayerOp.Dense(glorot(d.kernel().shape(), r), zerosLike(d.bias()));
        }
        if (op instanceof LayerOp.DepthwiseConv2D d) {
            return new LayerOp.DepthwiseConv2D(glorot(d.kernel().shape(), r), zerosLike(d.bias()), d.strideH(),
                    d.strideW(), d.padding());
        }
        if (op instanceof LayerOp.BatchNorm b) {
            Shape s = b.movingMean().shape();
            return new LayerOp.BatchNorm(b.gamma() == null ? null : Tensor.filled(s, 1f),
                    b.beta() == null ? null : Tensor.filled(s, 0f), Tensor.filled(s, 0f), Tensor.filled(s, 1f),
                    b.epsilon());
        }
        if (op instanceof LayerOp.PRelu p) {
            return new LayerOp.PRelu(Tensor.filled(p.alpha().shape(), 0f));
        }
        throw new IllegalArgumentException(op.getClass().getSimpleName() + " has no weights to re-initialise");
    }

    /** Glorot uniform with Keras' fans: the last two axes times the product of the others. */
    static Tensor glorot(Shape shape, SplittableRandom r) {
        int rank = shape.rank();
        long receptive = 1;
        for (int i = 0; i < rank - 2; i++) {
            receptive *= shape.dim(i);
        }
        double fanIn = rank >= 2 ? shape.dim(rank - 2) * (double) receptive : shape.dim(0);
        double fanOut = rank >= 2 ? shape.dim(rank - 1) * (double) receptive : shape.dim(0);
        double limit = Math.sqrt(6 / (fanIn + fanOut));
        float[] v = new float[shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((2 * r.nextDouble() - 1) * limit);
        }
        return Tensor.of(shape, v);
    }

    private static @Nullable Tensor zerosLike(@Nullable Tensor t) {
        return t == null ? null : Tensor.filled(t.shape(), 0f);
    }
}
