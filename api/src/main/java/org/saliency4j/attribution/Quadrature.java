package org.saliency4j.attribution;

/**
 * The points and weights Integrated Gradients integrates along its path with, on [0, 1].
 */
public enum Quadrature {
    /**
     * Gauss-Legendre with n nodes: exact for polynomials of degree up to 2n - 1 (the nodes are the roots of the
     * Legendre polynomial P_n, mapped from [-1, 1]; weights 2 / ((1 - t^2) P_n'(t)^2), halved).
     */
    GAUSS_LEGENDRE,
    /** The trapezoid rule on n equal intervals: a_k = k / n for k = 0..n, weights 1/(2n) at both ends, 1/n inside. */
    TRAPEZOID;

    /**
     * @param name {@code gauss-legendre} or {@code trapezoid}, in any case
     * @return that rule
     * @throws IllegalArgumentException for another name, naming both
     */
    public static Quadrature parse(String name) {
        return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "gauss-legendre" -> GAUSS_LEGENDRE;
            case "trapezoid" -> TRAPEZOID;
            default -> throw new IllegalArgumentException("Integrated Gradients' rule is gauss-legendre or trapezoid, "
                    + "not '" + name + "'");
        };
    }

    /**
     * @param n the number of nodes (Gauss-Legendre) or intervals (trapezoid), at least 1
     * @return {points, weights}, each sum of weights 1
     */
    double[][] rule(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("an integration rule needs at least one step, not " + n);
        }
        return this == TRAPEZOID ? trapezoid(n) : gaussLegendre(n);
    }

    private static double[][] trapezoid(int n) {
        double[] a = new double[n + 1];
        double[] w = new double[n + 1];
        for (int k = 0; k <= n; k++) {
            a[k] = (double) k / n;
            w[k] = k == 0 || k == n ? 0.5 / n : 1.0 / n;
        }
        return new double[][] {a, w};
    }

    /** Newton's iteration on P_n from Tricomi's first guesses, to double precision. */
    private static double[][] gaussLegendre(int n) {
        double[] a = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < (n + 1) / 2; i++) {
            double t = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
            double derivative = 0;
            for (int iteration = 0; iteration < 100; iteration++) {
                double p0 = 1;
                double p1 = t;
                for (int k = 2; k <= n; k++) {
                    double p2 = ((2 * k - 1) * t * p1 - (k - 1) * p0) / k;
                    p0 = p1;
                    p1 = p2;
                }
                double pn = n == 1 ? t : p1;
                double pPrev = n == 1 ? 1 : p0;
                derivative = n * (t * pn - pPrev) / (t * t - 1);
                double step = pn / derivative;
                t -= step;
                if (Math.abs(step) < 1e-16) {
                    break;
                }
            }
            double weight = 2 / ((1 - t * t) * derivative * derivative);
            // t is the i-th largest root: on [0, 1] its node is (1 + t) / 2, its mirror's (1 - t) / 2.
            a[n - 1 - i] = (1 + t) / 2;
            w[n - 1 - i] = weight / 2;
            a[i] = (1 - t) / 2;
            w[i] = weight / 2;
        }
        return new double[][] {a, w};
    }
}
