package org.saliency4j.objective;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.saliency4j.tensor.Shape;

/**
 * What an objective sees for one image: the values of its probes and the image, and the buffers its gradient
 * is added to. Made by an optimisation loop for each image, and reused from epoch to epoch
 * ({@link #clearGradients}).
 */
public final class Evaluation {
    private final Map<Probe, float[]> values;
    private final Map<Probe, Shape> shapes;
    private final Map<Probe, double[]> gradients = new HashMap<>();
    private final double[] image;
    private final double[] imageGradient;
    /** The image's norm, once {@link #normKnown}. */
    private double imageNorm;
    private boolean normKnown;

    private Evaluation(Map<Probe, float[]> values, Map<Probe, Shape> shapes, double[] image) {
        this.values = values;
        this.shapes = shapes;
        this.image = image;
        this.imageGradient = new double[image.length];
    }

    /**
     * Creates the evaluation of one image.
     *
     * @param values the per-sample value of each probe; kept, not copied, and not modified
     * @param image  the image in double precision; kept, not copied, and not modified
     * @return the evaluation, with zero gradients
     */
    public static Evaluation of(Map<Probe, float[]> values, double[] image) {
        Map<Probe, Shape> shapes = new HashMap<>();
        for (Probe p : values.keySet()) {
            shapes.put(p, p.layer().outputShape());
        }
        return new Evaluation(values, shapes, image);
    }

    /**
     * The value of a probe for this image.
     *
     * @param probe one of the objective's probes
     * @return its values, row-major, channels last; the caller must not modify them
     */
    public float[] values(Probe probe) {
        float[] v = values.get(probe);
        if (v == null) {
            throw new IllegalArgumentException("probe " + probe + " was not computed; an objective must list "
                    + "every value it reads in probes()");
        }
        return v;
    }

    /**
     * The per-sample shape of a probe's value.
     *
     * @param probe one of the objective's probes
     * @return its shape, without the batch axis
     */
    public Shape shape(Probe probe) {
        values(probe);
        Shape s = shapes.get(probe);
        if (s == null) {
            throw new IllegalArgumentException("probe " + probe + " has a value but no shape");
        }
        return s;
    }

    /** @return the image, in double precision; the caller must not modify it */
    public double[] image() {
        return image;
    }

    /**
     * The buffer that gradients with respect to a probe's value are added to.
     *
     * @param probe one of the objective's probes
     * @return d(objective)/d(value), the size of {@link #values(Probe)}; Modified by objectives, which add to it
     */
    public double[] gradient(Probe probe) {
        double[] g = gradients.get(probe);
        if (g == null) {
            g = new double[values(probe).length];
            gradients.put(probe, g);
        }
        return g;
    }

    /**
     * Zeroes every gradient buffer and forgets the {@link #imageNorm}, for a loop that keeps one evaluation per image
     * from epoch to epoch: it refills the value and image arrays it gave to {@link #of} in place, then calls this,
     * instead of allocating them anew.
     */
    public void clearGradients() {
        for (double[] g : gradients.values()) {
            Arrays.fill(g, 0);
        }
        Arrays.fill(imageGradient, 0);
        normKnown = false;
    }

    /**
     * The image's Euclidean norm: the square root of the sum of its squares, added in order in double precision.
     * Computed on the first call after {@link #of} or {@link #clearGradients} and then remembered, because an
     * objective's value and gradient and an optimisation loop's history all read it.
     *
     * @return the norm of {@link #image}
     */
    public double imageNorm() {
        if (!normKnown) {
            double s = 0;
            for (double v : image) {
                s += v * v;
            }
            imageNorm = Math.sqrt(s);
            normKnown = true;
        }
        return imageNorm;
    }

    /** @return the buffer for d(objective)/d(image); Modified by objectives, which add to it */
    public double[] imageGradient() {
        return imageGradient;
    }

    /** @return the gradient buffers, by probe; probes whose buffer no objective asked for are absent */
    public Map<Probe, double[]> gradients() {
        return gradients;
    }
}
