package org.saliency4j.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link BlockProduct} with the JDK's Vector API: columns in vectors of the platform's preferred width, rows and
 * columns register-tiled (4 rows by 4 vectors, then narrower tiles at the edges, then plain loops for the last
 * columns). Each lane runs the sequential sum of its own output with a separate multiply and add, so the results
 * equal the plain loops bit for bit. Loaded only when {@code jdk.incubator.vector} is enabled, see {@link Simd}.
 */
final class VectorBlockProduct implements BlockProduct {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** The number of float lanes per vector, for the log line. */
    static int lanes() {
        return L;
    }

    @Override
    public void accumulate(float[] a, int aOff, int aStride, int rows, float[] b, int bOff, int bStride, int cols,
            int depth, float[] acc, int accOff, int accStride) {
        int j = 0;
        for (; j + 4 * L <= cols; j += 4 * L) {
            int r = 0;
            for (; r + 4 <= rows; r += 4) {
                tile4x4(a, aOff + r * aStride, aStride, b, bOff + j, bStride, depth, acc, accOff + r * accStride + j,
                        accStride);
            }
            for (; r < rows; r++) {
                tile1x4(a, aOff + r * aStride, b, bOff + j, bStride, depth, acc, accOff + r * accStride + j);
            }
        }
        for (; j + L <= cols; j += L) {
            int r = 0;
            for (; r + 4 <= rows; r += 4) {
                tile4x1(a, aOff + r * aStride, aStride, b, bOff + j, bStride, depth, acc, accOff + r * accStride + j,
                        accStride);
            }
            for (; r < rows; r++) {
                tile1x1(a, aOff + r * aStride, b, bOff + j, bStride, depth, acc, accOff + r * accStride + j);
            }
        }
        if (j < cols) {
            remainderColumns(a, aOff, aStride, rows, b, bOff + j, bStride, cols - j, depth, acc, accOff + j,
                    accStride);
        }
    }

    /**
     * The last {@code cols < L} columns (all of them for narrow products such as the input gradient of a first
     * convolution, whose rows are only {@code kw * 3} wide): lanes run over {@code L} rows instead, read with a
     * gather (masked for the last rows), up to {@value #GROUP} columns per pass over {@code k}.
     */
    private static void remainderColumns(float[] a, int aOff, int aStride, int rows, float[] b, int bOff,
            int bStride, int cols, int depth, float[] acc, int accOff, int accStride) {
        int[] map = new int[L];
        for (int lane = 0; lane < L; lane++) {
            map[lane] = lane * aStride;
        }
        float[] c = buffer(GROUP * L);
        for (int r = 0; r < rows; r += L) {
            int lanes = Math.min(L, rows - r);
            VectorMask<Float> mask = S.indexInRange(0, lanes);
            for (int j = 0; j < cols; j += GROUP) {
                int n = Math.min(GROUP, cols - j);
                for (int q = 0; q < n; q++) {
                    for (int lane = 0; lane < lanes; lane++) {
                        c[q * L + lane] = acc[accOff + (r + lane) * accStride + j + q];
                    }
                }
                lanesOverRows(a, aOff + r * aStride, map, mask, b, bOff + j, bStride, n, depth, c);
                for (int q = 0; q < n; q++) {
                    for (int lane = 0; lane < lanes; lane++) {
                        acc[accOff + (r + lane) * accStride + j + q] = c[q * L + lane];
                    }
                }
            }
        }
    }

    /** Columns per pass of {@link #lanesOverRows}. */
    private static final int GROUP = 12;

    /**
     * {@code c[q][lane] += sum over k of a[lane row][k] * b[k][q]} for q below {@code n} and the lanes in
     * {@code mask}; the other entries of {@code c} are scratch.
     */
    private static void lanesOverRows(float[] a, int ai, int[] map, VectorMask<Float> mask, float[] b, int bi,
            int bs, int n, int depth, float[] c) {
        FloatVector c0 = FloatVector.fromArray(S, c, 0);
        FloatVector c1 = FloatVector.fromArray(S, c, L);
        FloatVector c2 = FloatVector.fromArray(S, c, 2 * L);
        FloatVector c3 = FloatVector.fromArray(S, c, 3 * L);
        FloatVector c4 = FloatVector.fromArray(S, c, 4 * L);
        FloatVector c5 = FloatVector.fromArray(S, c, 5 * L);
        FloatVector c6 = FloatVector.fromArray(S, c, 6 * L);
        FloatVector c7 = FloatVector.fromArray(S, c, 7 * L);
        FloatVector c8 = FloatVector.fromArray(S, c, 8 * L);
        FloatVector c9 = FloatVector.fromArray(S, c, 9 * L);
        FloatVector c10 = FloatVector.fromArray(S, c, 10 * L);
        FloatVector c11 = FloatVector.fromArray(S, c, 11 * L);
        int last = n - 1;
        for (int k = 0; k < depth; k++) {
            FloatVector av = FloatVector.fromArray(S, a, ai + k, map, 0, mask);
            int bk = bi + k * bs;
            c0 = c0.add(av.mul(b[bk]));
            c1 = c1.add(av.mul(b[bk + Math.min(1, last)]));
            c2 = c2.add(av.mul(b[bk + Math.min(2, last)]));
            c3 = c3.add(av.mul(b[bk + Math.min(3, last)]));
            c4 = c4.add(av.mul(b[bk + Math.min(4, last)]));
            c5 = c5.add(av.mul(b[bk + Math.min(5, last)]));
            c6 = c6.add(av.mul(b[bk + Math.min(6, last)]));
            c7 = c7.add(av.mul(b[bk + Math.min(7, last)]));
            c8 = c8.add(av.mul(b[bk + Math.min(8, last)]));
            c9 = c9.add(av.mul(b[bk + Math.min(9, last)]));
            c10 = c10.add(av.mul(b[bk + Math.min(10, last)]));
            c11 = c11.add(av.mul(b[bk + Math.min(11, last)]));
        }
        c0.intoArray(c, 0);
        c1.intoArray(c, L);
        c2.intoArray(c, 2 * L);
        c3.intoArray(c, 3 * L);
        c4.intoArray(c, 4 * L);
        c5.intoArray(c, 5 * L);
        c6.intoArray(c, 6 * L);
        c7.intoArray(c, 7 * L);
        c8.intoArray(c, 8 * L);
        c9.intoArray(c, 9 * L);
        c10.intoArray(c, 10 * L);
        c11.intoArray(c, 11 * L);
    }

    private static final ThreadLocal<float[]> BUFFER = ThreadLocal.withInitial(() -> new float[0]);

    private static float[] buffer(int size) {
        float[] f = BUFFER.get();
        if (f.length < size) {
            f = new float[size];
            BUFFER.set(f);
        }
        return f;
    }

    private static void tile4x4(float[] a, int ai, int as, float[] b, int bi, int bs, int depth, float[] c, int ci,
            int cs) {
        FloatVector c00 = FloatVector.fromArray(S, c, ci);
        FloatVector c01 = FloatVector.fromArray(S, c, ci + L);
        FloatVector c02 = FloatVector.fromArray(S, c, ci + 2 * L);
        FloatVector c03 = FloatVector.fromArray(S, c, ci + 3 * L);
        FloatVector c10 = FloatVector.fromArray(S, c, ci + cs);
        FloatVector c11 = FloatVector.fromArray(S, c, ci + cs + L);
        FloatVector c12 = FloatVector.fromArray(S, c, ci + cs + 2 * L);
        FloatVector c13 = FloatVector.fromArray(S, c, ci + cs + 3 * L);
        FloatVector c20 = FloatVector.fromArray(S, c, ci + 2 * cs);
        FloatVector c21 = FloatVector.fromArray(S, c, ci + 2 * cs + L);
        FloatVector c22 = FloatVector.fromArray(S, c, ci + 2 * cs + 2 * L);
        FloatVector c23 = FloatVector.fromArray(S, c, ci + 2 * cs + 3 * L);
        FloatVector c30 = FloatVector.fromArray(S, c, ci + 3 * cs);
        FloatVector c31 = FloatVector.fromArray(S, c, ci + 3 * cs + L);
        FloatVector c32 = FloatVector.fromArray(S, c, ci + 3 * cs + 2 * L);
        FloatVector c33 = FloatVector.fromArray(S, c, ci + 3 * cs + 3 * L);
        for (int k = 0; k < depth; k++) {
            int bk = bi + k * bs;
            FloatVector b0 = FloatVector.fromArray(S, b, bk);
            FloatVector b1 = FloatVector.fromArray(S, b, bk + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bk + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bk + 3 * L);
            float a0 = a[ai + k];
            float a1 = a[ai + as + k];
            float a2 = a[ai + 2 * as + k];
            float a3 = a[ai + 3 * as + k];
            c00 = c00.add(b0.mul(a0));
            c01 = c01.add(b1.mul(a0));
            c02 = c02.add(b2.mul(a0));
            c03 = c03.add(b3.mul(a0));
            c10 = c10.add(b0.mul(a1));
            c11 = c11.add(b1.mul(a1));
            c12 = c12.add(b2.mul(a1));
            c13 = c13.add(b3.mul(a1));
            c20 = c20.add(b0.mul(a2));
            c21 = c21.add(b1.mul(a2));
            c22 = c22.add(b2.mul(a2));
            c23 = c23.add(b3.mul(a2));
            c30 = c30.add(b0.mul(a3));
            c31 = c31.add(b1.mul(a3));
            c32 = c32.add(b2.mul(a3));
            c33 = c33.add(b3.mul(a3));
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c02.intoArray(c, ci + 2 * L);
        c03.intoArray(c, ci + 3 * L);
        c10.intoArray(c, ci + cs);
        c11.intoArray(c, ci + cs + L);
        c12.intoArray(c, ci + cs + 2 * L);
        c13.intoArray(c, ci + cs + 3 * L);
        c20.intoArray(c, ci + 2 * cs);
        c21.intoArray(c, ci + 2 * cs + L);
        c22.intoArray(c, ci + 2 * cs + 2 * L);
        c23.intoArray(c, ci + 2 * cs + 3 * L);
        c30.intoArray(c, ci + 3 * cs);
        c31.intoArray(c, ci + 3 * cs + L);
        c32.intoArray(c, ci + 3 * cs + 2 * L);
        c33.intoArray(c, ci + 3 * cs + 3 * L);
    }

    private static void tile1x4(float[] a, int ai, float[] b, int bi, int bs, int depth, float[] c, int ci) {
        FloatVector c0 = FloatVector.fromArray(S, c, ci);
        FloatVector c1 = FloatVector.fromArray(S, c, ci + L);
        FloatVector c2 = FloatVector.fromArray(S, c, ci + 2 * L);
        FloatVector c3 = FloatVector.fromArray(S, c, ci + 3 * L);
        for (int k = 0; k < depth; k++) {
            int bk = bi + k * bs;
            float av = a[ai + k];
            c0 = c0.add(FloatVector.fromArray(S, b, bk).mul(av));
            c1 = c1.add(FloatVector.fromArray(S, b, bk + L).mul(av));
            c2 = c2.add(FloatVector.fromArray(S, b, bk + 2 * L).mul(av));
            c3 = c3.add(FloatVector.fromArray(S, b, bk + 3 * L).mul(av));
        }
        c0.intoArray(c, ci);
        c1.intoArray(c, ci + L);
        c2.intoArray(c, ci + 2 * L);
        c3.intoArray(c, ci + 3 * L);
    }

    private static void tile4x1(float[] a, int ai, int as, float[] b, int bi, int bs, int depth, float[] c, int ci,
            int cs) {
        FloatVector c0 = FloatVector.fromArray(S, c, ci);
        FloatVector c1 = FloatVector.fromArray(S, c, ci + cs);
        FloatVector c2 = FloatVector.fromArray(S, c, ci + 2 * cs);
        FloatVector c3 = FloatVector.fromArray(S, c, ci + 3 * cs);
        for (int k = 0; k < depth; k++) {
            FloatVector bv = FloatVector.fromArray(S, b, bi + k * bs);
            c0 = c0.add(bv.mul(a[ai + k]));
            c1 = c1.add(bv.mul(a[ai + as + k]));
            c2 = c2.add(bv.mul(a[ai + 2 * as + k]));
            c3 = c3.add(bv.mul(a[ai + 3 * as + k]));
        }
        c0.intoArray(c, ci);
        c1.intoArray(c, ci + cs);
        c2.intoArray(c, ci + 2 * cs);
        c3.intoArray(c, ci + 3 * cs);
    }

    private static void tile1x1(float[] a, int ai, float[] b, int bi, int bs, int depth, float[] c, int ci) {
        FloatVector c0 = FloatVector.fromArray(S, c, ci);
        for (int k = 0; k < depth; k++) {
            c0 = c0.add(FloatVector.fromArray(S, b, bi + k * bs).mul(a[ai + k]));
        }
        c0.intoArray(c, ci);
    }
}
