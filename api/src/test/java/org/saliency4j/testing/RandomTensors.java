package org.saliency4j.testing;

import java.util.Random;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/** Seeded uniform random tensors for weights and inputs. */
public final class RandomTensors {
    private final Random random;

    /**
     * Creates a generator.
     *
     * @param seed the seed; the same seed gives the same tensors
     */
    public RandomTensors(long seed) {
        this.random = new Random(seed);
    }

    /**
     * Draws a tensor.
     *
     * @param shape the shape
     * @param low   the smallest value
     * @param high  the largest value
     * @return values uniform in [low, high)
     */
    public Tensor uniform(Shape shape, double low, double high) {
        float[] v = new float[shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (low + (high - low) * random.nextDouble());
        }
        return Tensor.of(shape, v);
    }
}
