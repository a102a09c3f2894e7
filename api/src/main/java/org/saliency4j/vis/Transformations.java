package org.saliency4j.vis;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.saliency4j.tensor.Shape;

/**
 * The random transformations each optimisation step applies to the image before the model sees it, so that the
 * image must keep its effect under small shifts, scalings and rotations (Olah et al. 2017; Lucid's
 * {@code transform.standard_transforms}): pad with a constant, jitter (a random crop), scale, rotate, jitter again,
 * and, since a Keras model takes one input size, a bilinear resize back to it. Scaling, rotation and the resize
 * sample bilinearly with half-pixel centres and replicated edges; each step's adjoint carries the gradient back.
 *
 * <p>Lucid's sequence for 224-pixel inputs: pad 12 (value 0.5), jitter 8, scale by one of 0.90, 0.92, ..., 1.10,
 * rotate by one of -10..10 degrees (0 weighted six times, as Lucid lists it), jitter 4. For an input of n pixels
 * the pad and jitters scale by n / 224 and are at least 2, 4 and 2 pixels (n = 32: pad 2, jitter 4, jitter 2).
 */
public final class Transformations {
    private static final double[] SCALES = {0.90, 0.92, 0.94, 0.96, 0.98, 1.00, 1.02, 1.04, 1.06, 1.08, 1.10};
    private static final int[] ANGLES;

    static {
        List<Integer> a = new ArrayList<>();
        for (int d = -10; d <= 10; d++) {
            a.add(d);
        }
        for (int k = 0; k < 5; k++) {
            a.add(0);
        }
        ANGLES = a.stream().mapToInt(Integer::intValue).toArray();
    }

    private final boolean on;
    private final int pad;
    private final double padValue;
    private final int jitter;
    private final int finalJitter;

    private Transformations(boolean on, int pad, double padValue, int jitter, int finalJitter) {
        this.on = on;
        this.pad = pad;
        this.padValue = padValue;
        this.jitter = jitter;
        this.finalJitter = finalJitter;
    }

    /**
     * @param size the input's larger side in pixels
     * @return Lucid's standard sequence for that size
     */
    public static Transformations lucid(int size) {
        return new Transformations(true, Math.max(2, (int) Math.round(12.0 * size / 224)), 0.5,
                Math.max(4, (int) Math.round(8.0 * size / 224)), Math.max(2, (int) Math.round(4.0 * size / 224)));
    }

    /** @return no transformation: the image goes to the model as it is */
    public static Transformations none() {
        return new Transformations(false, 0, 0, 0, 0);
    }

    /** @return a description, for a run's record */
    @Override
    public String toString() {
        return on ? "pad " + pad + " (" + padValue + "), jitter " + jitter + ", scale 0.90-1.10, rotate -10..10, "
                + "jitter " + finalJitter + ", resize back" : "none";
    }

    /**
     * One random draw of the sequence.
     *
     * @param image the image's shape, (height, width, channels)
     * @param r     the generator
     * @return the transformation drawn
     */
    Warp sample(Shape image, SplittableRandom r) {
        int h = image.dim(0);
        int w = image.dim(1);
        Warp warp = new Warp(h, w);
        if (!on) {
            return warp;
        }
        warp.pad(pad, padValue);
        warp.crop(jitter, r.nextInt(jitter + 1), r.nextInt(jitter + 1));
        double s = SCALES[r.nextInt(SCALES.length)];
        warp.resize(Math.max(1, (int) Math.round(warp.height() * s)), Math.max(1, (int) Math.round(warp.width() * s)));
        warp.rotate(ANGLES[r.nextInt(ANGLES.length)]);
        warp.crop(finalJitter, r.nextInt(finalJitter + 1), r.nextInt(finalJitter + 1));
        if (warp.height() != h || warp.width() != w) {
            warp.resize(h, w);
        }
        return warp;
    }
}
