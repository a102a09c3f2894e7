package org.saliency4j.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FastLoops} with the JDK's Vector API. The product: columns in vectors of the platform's preferred width,
 * rows and columns register-tiled (6 rows by 4 vectors, then 4 or 2 by 4, 4 by 2, then narrower tiles at the
 * edges, then rows in the lanes for the last columns). Each lane runs the sequential sum of its own output with a
 * separate multiply and add, so the results equal the plain loops bit for bit. Loaded only when
 * {@code jdk.incubator.vector} is enabled, see {@link Simd}.
 *
 * <p>Until {@link #widen} the product leaves out the 4-vector tiles and runs 4 by 2 tiles across the columns
 * instead. The wide tiles are the fastest on large products (VGG16's), but the JIT's compiles of them take about a
 * second of a core on JDK 17, while the narrow ones take a tenth of that; so short work runs narrow
 * ({@link VectorPolicy}). Both give the same results, to the bit.
 */
final class VectorLoops implements FastLoops {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final VectorSpecies<Integer> I = S.withLanes(int.class);
    /** Columns per pass of {@link #lanesOverRows}. */
    private static final int GROUP = 12;
    /** The depth of one pass over the rows: 256 rows of a 4-vector column block of {@code b} are 64 KB. */
    private static final int DEPTH_BLOCK = 256;
    /** Products with fewer rows than this are not blocked, and sum their last columns one by one. */
    private static final int FEW_ROWS = 4;
    /** Each thread's gather offsets, rewritten by every call of {@link #remainderColumns}. */
    private static final ThreadLocal<int[]> MAP = ThreadLocal.withInitial(() -> new int[L]);
    /** Each thread's accumulators of {@link #lanesOverRows}, {@value #GROUP} columns of {@code L} rows. */
    private static final ThreadLocal<float[]> COLUMNS = ThreadLocal.withInitial(() -> new float[GROUP * L]);

    /** Whether the product runs its 4-vector tiles; set once, never unset. */
    private volatile boolean wide;

    /** @param wide whether the product runs its 4-vector tiles from the start */
    VectorLoops(boolean wide) {
        this.wide = wide;
    }

    @Override
    public void widen() {
        wide = true;
    }

    @Override
    public String toString() {
        return "vector loops (" + L + " lanes, " + (wide ? "wide" : "narrow") + " tiles)";
    }

    /** The number of float lanes per vector, for the log line. */
    static int lanes() {
        return L;
    }

    @Override
    public void accumulate(float[] a, int aOff, int aStride, int rows, float[] b, int bOff, int bStride, int cols,
            int depth, float[] acc, int accOff, int accStride) {
        boolean w = wide;
        if (rows < FEW_ROWS) {
            // A dense layer at batch 1: each tile streams its columns of b through all of the depth (measured
            // faster for 25088 x 4096 than blocking the depth, or streaming whole rows of b).
            block(a, aOff, aStride, rows, b, bOff, bStride, cols, depth, acc, accOff, accStride, false, w);
            return;
        }
        // Blocks of the depth: each element's sum goes on from where the previous block stored it, in the same
        // order, while a block of b stays in cache for every row.
        for (int k = 0; k < depth; k += DEPTH_BLOCK) {
            block(a, aOff + k, aStride, rows, b, bOff + k * bStride, bStride, cols, Math.min(DEPTH_BLOCK, depth - k),
                    acc, accOff, accStride, false, w);
        }
    }

    @Override
    public void multiply(float[] a, int aOff, int aStride, int rows, float[] b, int bOff, int bStride, int cols,
            int depth, float[] c, int cOff, int cStride) {
        if (rows < FEW_ROWS || depth == 0) {
            zero(c, cOff, cStride, 0, rows, 0, cols);
            accumulate(a, aOff, aStride, rows, b, bOff, bStride, cols, depth, c, cOff, cStride);
            return;
        }
        // The large tiles start their sums from zero vectors, as a zeroed array would; the rest is zeroed first.
        boolean w = wide;
        int tiledRows = rows / 6 * 6 + (rows % 6) / 4 * 4;
        int tiledCols = w ? cols / (4 * L) * 4 * L : 0;
        // The 4x2 tiles of the next pairs of vectors of columns start from zero too.
        int pairedCols = tiledCols + (cols - tiledCols) / (2 * L) * 2 * L;
        zero(c, cOff, cStride, tiledRows, rows, 0, tiledCols);
        zero(c, cOff, cStride, rows / 4 * 4, rows, tiledCols, pairedCols);
        zero(c, cOff, cStride, 0, rows, pairedCols, cols);
        for (int k = 0; k < depth; k += DEPTH_BLOCK) {
            block(a, aOff + k, aStride, rows, b, bOff + k * bStride, bStride, cols, Math.min(DEPTH_BLOCK, depth - k),
                    c, cOff, cStride, k == 0, w);
        }
    }

    private static void zero(float[] c, int cOff, int cStride, int rowFrom, int rowTo, int colFrom, int colTo) {
        for (int r = rowFrom; r < rowTo && colFrom < colTo; r++) {
            java.util.Arrays.fill(c, cOff + r * cStride + colFrom, cOff + r * cStride + colTo, 0f);
        }
    }

    /**
     * @param fromZero whether the 6x4, 4x4 and 4x2 tiles start from zero instead of reading their accumulators
     * @param wide     whether the 4-vector tiles run; else 4x2 tiles cover those columns
     */
    private static void block(float[] a, int aOff, int aStride, int rows, float[] b, int bOff, int bStride, int cols,
            int depth, float[] acc, int accOff, int accStride, boolean fromZero, boolean wide) {
        int j = 0;
        if (rows < FEW_ROWS) {
            for (; j + 8 * L <= cols; j += 8 * L) {
                for (int r = 0; r < rows; r++) {
                    tile1x8(a, aOff + r * aStride, b, bOff + j, bStride, depth, acc, accOff + r * accStride + j);
                }
            }
        }
        for (; wide && j + 4 * L <= cols; j += 4 * L) {
            int r = 0;
            for (; r + 6 <= rows; r += 6) {
                tile6x4(a, aOff + r * aStride, aStride, b, bOff + j, bStride, depth, acc, accOff + r * accStride + j,
                        accStride, fromZero);
            }
            for (; r + 4 <= rows; r += 4) {
                tile4x4(a, aOff + r * aStride, aStride, b, bOff + j, bStride, depth, acc, accOff + r * accStride + j,
                        accStride, fromZero);
            }
            for (; r + 2 <= rows; r += 2) {
                tile2x4(a, aOff + r * aStride, aStride, b, bOff + j, bStride, depth, acc, accOff + r * accStride + j,
                        accStride);
            }
            for (; r < rows; r++) {
                tile1x4(a, aOff + r * aStride, b, bOff + j, bStride, depth, acc, accOff + r * accStride + j);
            }
        }
        for (; j + 2 * L <= cols; j += 2 * L) {
            int r = 0;
            for (; r + 4 <= rows; r += 4) {
                tile4x2(a, aOff + r * aStride, aStride, b, bOff + j, bStride, depth, acc, accOff + r * accStride + j,
                        accStride, fromZero);
            }
            for (; r < rows; r++) {
                tile1x1(a, aOff + r * aStride, b, bOff + j, bStride, depth, acc, accOff + r * accStride + j);
                tile1x1(a, aOff + r * aStride, b, bOff + j + L, bStride, depth, acc, accOff + r * accStride + j + L);
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
        if (j < cols && rows < FEW_ROWS) {
            scalarColumns(a, aOff, aStride, rows, b, bOff + j, bStride, cols - j, depth, acc, accOff + j, accStride);
        } else if (j < cols) {
            remainderColumns(a, aOff, aStride, rows, b, bOff + j, bStride, cols - j, depth, acc, accOff + j,
                    accStride);
        }
    }

    /** The plain loop, for the last columns of a product with fewer than {@value #FEW_ROWS} rows. */
    private static void scalarColumns(float[] a, int aOff, int aStride, int rows, float[] b, int bOff, int bStride,
            int cols, int depth, float[] acc, int accOff, int accStride) {
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                float s = acc[accOff + r * accStride + j];
                for (int k = 0; k < depth; k++) {
                    s += a[aOff + r * aStride + k] * b[bOff + k * bStride + j];
                }
                acc[accOff + r * accStride + j] = s;
            }
        }
    }

    /**
     * The last {@code cols < L} columns (all of them for narrow products such as the input gradient of a first
     * convolution, whose rows are only {@code kw * 3} wide): lanes run over {@code L} rows instead, read with a
     * gather, up to {@value #GROUP} columns per pass over {@code k}.
     */
    private static void remainderColumns(float[] a, int aOff, int aStride, int rows, float[] b, int bOff,
            int bStride, int cols, int depth, float[] acc, int accOff, int accStride) {
        int[] map = MAP.get();
        float[] c = COLUMNS.get();
        for (int r = 0; r < rows; r += L) {
            int lanes = Math.min(L, rows - r);
            for (int lane = 0; lane < L; lane++) {
                map[lane] = Math.min(lane, lanes - 1) * aStride; // spare lanes repeat the last row; not stored
            }
            for (int j = 0; j < cols; j += GROUP) {
                int n = Math.min(GROUP, cols - j);
                for (int q = 0; q < n; q++) {
                    for (int lane = 0; lane < lanes; lane++) {
                        c[q * L + lane] = acc[accOff + (r + lane) * accStride + j + q];
                    }
                }
                lanesOverRows(a, aOff + r * aStride, map, b, bOff + j, bStride, n, depth, c);
                for (int q = 0; q < n; q++) {
                    for (int lane = 0; lane < lanes; lane++) {
                        acc[accOff + (r + lane) * accStride + j + q] = c[q * L + lane];
                    }
                }
            }
        }
    }

    /**
     * {@code c[q][lane] += sum over k of a[row of lane][k] * b[k][q]} for q below {@code n}; the other entries of
     * {@code c} are scratch. (A masked gather would be simpler, but JDK 17 does not compile it to an instruction.)
     */
    private static void lanesOverRows(float[] a, int ai, int[] map, float[] b, int bi, int bs, int n, int depth,
            float[] c) {
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
            FloatVector av = FloatVector.fromArray(S, a, ai + k, map, 0);
            int bk = bi + k * bs;
            c0 = c0.add(av.mul(FloatVector.broadcast(S, b[bk])));
            c1 = c1.add(av.mul(FloatVector.broadcast(S, b[bk + Math.min(1, last)])));
            c2 = c2.add(av.mul(FloatVector.broadcast(S, b[bk + Math.min(2, last)])));
            c3 = c3.add(av.mul(FloatVector.broadcast(S, b[bk + Math.min(3, last)])));
            c4 = c4.add(av.mul(FloatVector.broadcast(S, b[bk + Math.min(4, last)])));
            c5 = c5.add(av.mul(FloatVector.broadcast(S, b[bk + Math.min(5, last)])));
            c6 = c6.add(av.mul(FloatVector.broadcast(S, b[bk + Math.min(6, last)])));
            c7 = c7.add(av.mul(FloatVector.broadcast(S, b[bk + Math.min(7, last)])));
            c8 = c8.add(av.mul(FloatVector.broadcast(S, b[bk + Math.min(8, last)])));
            c9 = c9.add(av.mul(FloatVector.broadcast(S, b[bk + Math.min(9, last)])));
            c10 = c10.add(av.mul(FloatVector.broadcast(S, b[bk + Math.min(10, last)])));
            c11 = c11.add(av.mul(FloatVector.broadcast(S, b[bk + Math.min(11, last)])));
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

    /** Columns are tiled two vectors at a time: CNN5's 32 output channels, VGG16's 64. */
    @Override
    public boolean convolvesRows(int cols) {
        return cols % (2 * L) == 0;
    }

    @Override
    public void convolveRow(float[] a, int aOff, int aStride, int rows, int[] taps, float[] b, int cols,
            float[] bias, float[] c, int cOff) {
        if (!convolvesRows(cols)) {
            throw new IllegalArgumentException(cols + " columns are not a multiple of " + 2 * L);
        }
        for (int j = 0; j < cols; j += 2 * L) {
            int r = 0;
            for (; r + 6 <= rows; r += 6) {
                tapsTile6x2(a, aOff + r * aStride, aStride, taps, b, j, cols, bias, c, cOff + r * cols + j, cols);
            }
            for (; r < rows; r++) {
                tapsTile1x2(a, aOff + r * aStride, taps, b, j, cols, bias, c, cOff + r * cols + j);
            }
        }
    }

    @Override
    public void add(float[] src, int srcOff, float[] dst, int dstOff, int length) {
        int i = 0;
        for (; i < S.loopBound(length); i += L) {
            FloatVector.fromArray(S, dst, dstOff + i).add(FloatVector.fromArray(S, src, srcOff + i))
                    .intoArray(dst, dstOff + i);
        }
        for (; i < length; i++) {
            dst[dstOff + i] += src[srcOff + i];
        }
    }

    @Override
    public void relu(float[] x, float[] y, int from, int to) {
        FloatVector zero = FloatVector.zero(S);
        int i = from;
        for (; i + L <= to; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            zero.blend(v, v.compare(VectorOperators.GT, zero)).intoArray(y, i);
        }
        for (; i < to; i++) {
            y[i] = x[i] > 0f ? x[i] : 0f;
        }
    }

    @Override
    public void reluBackward(float[] x, float[] g, float[] dx, int from, int to) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector zero = FloatVector.zero(S);
        int i = from;
        for (; i + L <= to; i += L) {
            FloatVector slope = zero.blend(one, FloatVector.fromArray(S, x, i).compare(VectorOperators.GT, zero));
            FloatVector.fromArray(S, g, i).mul(slope).intoArray(dx, i);
        }
        for (; i < to; i++) {
            dx[i] = g[i] * (x[i] > 0f ? 1f : 0f);
        }
    }

    @Override
    public void maxWindow(float[] x, int first, int rows, int cols, int rowStride, int colStride, float[] y,
            int[] argmax, int yi, int channels) {
        IntVector iota = IntVector.zero(I).addIndex(1);
        int vectors = S.loopBound(channels);
        for (int ch = 0; ch < vectors; ch += L) {
            FloatVector.fromArray(S, x, first + ch).intoArray(y, yi + ch);
            iota.add(IntVector.broadcast(I, first + ch)).intoArray(argmax, yi + ch);
        }
        for (int ch = vectors; ch < channels; ch++) {
            y[yi + ch] = x[first + ch];
            argmax[yi + ch] = first + ch;
        }
        // Position by position, as the plain loop: one pass over the channels each, through memory (for CNN5's
        // 2x2 windows about three times as fast as carrying the maxima in registers across the positions).
        for (int py = 0; py < rows; py++) {
            for (int px = py == 0 ? 1 : 0; px < cols; px++) {
                int xi = first + py * rowStride + px * colStride;
                for (int ch = 0; ch < vectors; ch += L) {
                    FloatVector v = FloatVector.fromArray(S, x, xi + ch);
                    FloatVector best = FloatVector.fromArray(S, y, yi + ch);
                    VectorMask<Float> larger = v.compare(VectorOperators.GT, best);
                    best.blend(v, larger).intoArray(y, yi + ch);
                    IntVector.fromArray(I, argmax, yi + ch)
                            .blend(iota.add(IntVector.broadcast(I, xi + ch)), larger.cast(I))
                            .intoArray(argmax, yi + ch);
                }
                for (int ch = vectors; ch < channels; ch++) {
                    if (x[xi + ch] > y[yi + ch]) {
                        y[yi + ch] = x[xi + ch];
                        argmax[yi + ch] = xi + ch;
                    }
                }
            }
        }
    }

    private static void tile6x4(float[] a, int ai, int as, float[] b, int bi, int bs, int depth, float[] c, int ci,
            int cs, boolean fromZero) {
        FloatVector c00 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci);
        FloatVector c01 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + L);
        FloatVector c02 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + 2 * L);
        FloatVector c03 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + 3 * L);
        FloatVector c10 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + cs);
        FloatVector c11 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + cs + L);
        FloatVector c12 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + cs + 2 * L);
        FloatVector c13 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + cs + 3 * L);
        FloatVector c20 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + 2 * cs);
        FloatVector c21 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + 2 * cs + L);
        FloatVector c22 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + 2 * cs + 2 * L);
        FloatVector c23 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + 2 * cs + 3 * L);
        FloatVector c30 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + 3 * cs);
        FloatVector c31 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + 3 * cs + L);
        FloatVector c32 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + 3 * cs + 2 * L);
        FloatVector c33 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + 3 * cs + 3 * L);
        FloatVector c40 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + 4 * cs);
        FloatVector c41 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + 4 * cs + L);
        FloatVector c42 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + 4 * cs + 2 * L);
        FloatVector c43 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + 4 * cs + 3 * L);
        FloatVector c50 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + 5 * cs);
        FloatVector c51 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + 5 * cs + L);
        FloatVector c52 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + 5 * cs + 2 * L);
        FloatVector c53 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + 5 * cs + 3 * L);
        for (int k = 0; k < depth; k++) {
            int bk = bi + k * bs;
            FloatVector b0 = FloatVector.fromArray(S, b, bk);
            FloatVector b1 = FloatVector.fromArray(S, b, bk + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bk + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bk + 3 * L);
            FloatVector a0 = FloatVector.broadcast(S, a[ai + k]);
            c00 = c00.add(b0.mul(a0));
            c01 = c01.add(b1.mul(a0));
            c02 = c02.add(b2.mul(a0));
            c03 = c03.add(b3.mul(a0));
            FloatVector a1 = FloatVector.broadcast(S, a[ai + as + k]);
            c10 = c10.add(b0.mul(a1));
            c11 = c11.add(b1.mul(a1));
            c12 = c12.add(b2.mul(a1));
            c13 = c13.add(b3.mul(a1));
            FloatVector a2 = FloatVector.broadcast(S, a[ai + 2 * as + k]);
            c20 = c20.add(b0.mul(a2));
            c21 = c21.add(b1.mul(a2));
            c22 = c22.add(b2.mul(a2));
            c23 = c23.add(b3.mul(a2));
            FloatVector a3 = FloatVector.broadcast(S, a[ai + 3 * as + k]);
            c30 = c30.add(b0.mul(a3));
            c31 = c31.add(b1.mul(a3));
            c32 = c32.add(b2.mul(a3));
            c33 = c33.add(b3.mul(a3));
            FloatVector a4 = FloatVector.broadcast(S, a[ai + 4 * as + k]);
            c40 = c40.add(b0.mul(a4));
            c41 = c41.add(b1.mul(a4));
            c42 = c42.add(b2.mul(a4));
            c43 = c43.add(b3.mul(a4));
            FloatVector a5 = FloatVector.broadcast(S, a[ai + 5 * as + k]);
            c50 = c50.add(b0.mul(a5));
            c51 = c51.add(b1.mul(a5));
            c52 = c52.add(b2.mul(a5));
            c53 = c53.add(b3.mul(a5));
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
        c40.intoArray(c, ci + 4 * cs);
        c41.intoArray(c, ci + 4 * cs + L);
        c42.intoArray(c, ci + 4 * cs + 2 * L);
        c43.intoArray(c, ci + 4 * cs + 3 * L);
        c50.intoArray(c, ci + 5 * cs);
        c51.intoArray(c, ci + 5 * cs + L);
        c52.intoArray(c, ci + 5 * cs + 2 * L);
        c53.intoArray(c, ci + 5 * cs + 3 * L);
    }

    private static void tile4x4(float[] a, int ai, int as, float[] b, int bi, int bs, int depth, float[] c, int ci,
            int cs, boolean fromZero) {
        FloatVector c00 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci);
        FloatVector c01 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + L);
        FloatVector c02 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + 2 * L);
        FloatVector c03 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + 3 * L);
        FloatVector c10 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + cs);
        FloatVector c11 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + cs + L);
        FloatVector c12 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + cs + 2 * L);
        FloatVector c13 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + cs + 3 * L);
        FloatVector c20 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + 2 * cs);
        FloatVector c21 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + 2 * cs + L);
        FloatVector c22 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + 2 * cs + 2 * L);
        FloatVector c23 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + 2 * cs + 3 * L);
        FloatVector c30 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + 3 * cs);
        FloatVector c31 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + 3 * cs + L);
        FloatVector c32 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + 3 * cs + 2 * L);
        FloatVector c33 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + 3 * cs + 3 * L);
        for (int k = 0; k < depth; k++) {
            int bk = bi + k * bs;
            FloatVector b0 = FloatVector.fromArray(S, b, bk);
            FloatVector b1 = FloatVector.fromArray(S, b, bk + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bk + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bk + 3 * L);
            FloatVector a0 = FloatVector.broadcast(S, a[ai + k]);
            FloatVector a1 = FloatVector.broadcast(S, a[ai + as + k]);
            FloatVector a2 = FloatVector.broadcast(S, a[ai + 2 * as + k]);
            FloatVector a3 = FloatVector.broadcast(S, a[ai + 3 * as + k]);
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

    private static void tile1x8(float[] a, int ai, float[] b, int bi, int bs, int depth, float[] c, int ci) {
        FloatVector c0 = FloatVector.fromArray(S, c, ci);
        FloatVector c1 = FloatVector.fromArray(S, c, ci + L);
        FloatVector c2 = FloatVector.fromArray(S, c, ci + 2 * L);
        FloatVector c3 = FloatVector.fromArray(S, c, ci + 3 * L);
        FloatVector c4 = FloatVector.fromArray(S, c, ci + 4 * L);
        FloatVector c5 = FloatVector.fromArray(S, c, ci + 5 * L);
        FloatVector c6 = FloatVector.fromArray(S, c, ci + 6 * L);
        FloatVector c7 = FloatVector.fromArray(S, c, ci + 7 * L);
        for (int k = 0; k < depth; k++) {
            int bk = bi + k * bs;
            FloatVector av = FloatVector.broadcast(S, a[ai + k]);
            c0 = c0.add(FloatVector.fromArray(S, b, bk).mul(av));
            c1 = c1.add(FloatVector.fromArray(S, b, bk + L).mul(av));
            c2 = c2.add(FloatVector.fromArray(S, b, bk + 2 * L).mul(av));
            c3 = c3.add(FloatVector.fromArray(S, b, bk + 3 * L).mul(av));
            c4 = c4.add(FloatVector.fromArray(S, b, bk + 4 * L).mul(av));
            c5 = c5.add(FloatVector.fromArray(S, b, bk + 5 * L).mul(av));
            c6 = c6.add(FloatVector.fromArray(S, b, bk + 6 * L).mul(av));
            c7 = c7.add(FloatVector.fromArray(S, b, bk + 7 * L).mul(av));
        }
        c0.intoArray(c, ci);
        c1.intoArray(c, ci + L);
        c2.intoArray(c, ci + 2 * L);
        c3.intoArray(c, ci + 3 * L);
        c4.intoArray(c, ci + 4 * L);
        c5.intoArray(c, ci + 5 * L);
        c6.intoArray(c, ci + 6 * L);
        c7.intoArray(c, ci + 7 * L);
    }

    private static void tile2x4(float[] a, int ai, int as, float[] b, int bi, int bs, int depth, float[] c, int ci,
            int cs) {
        FloatVector c00 = FloatVector.fromArray(S, c, ci);
        FloatVector c01 = FloatVector.fromArray(S, c, ci + L);
        FloatVector c02 = FloatVector.fromArray(S, c, ci + 2 * L);
        FloatVector c03 = FloatVector.fromArray(S, c, ci + 3 * L);
        FloatVector c10 = FloatVector.fromArray(S, c, ci + cs);
        FloatVector c11 = FloatVector.fromArray(S, c, ci + cs + L);
        FloatVector c12 = FloatVector.fromArray(S, c, ci + cs + 2 * L);
        FloatVector c13 = FloatVector.fromArray(S, c, ci + cs + 3 * L);
        for (int k = 0; k < depth; k++) {
            int bk = bi + k * bs;
            FloatVector b0 = FloatVector.fromArray(S, b, bk);
            FloatVector b1 = FloatVector.fromArray(S, b, bk + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bk + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bk + 3 * L);
            FloatVector a0 = FloatVector.broadcast(S, a[ai + k]);
            c00 = c00.add(b0.mul(a0));
            c01 = c01.add(b1.mul(a0));
            c02 = c02.add(b2.mul(a0));
            c03 = c03.add(b3.mul(a0));
            FloatVector a1 = FloatVector.broadcast(S, a[ai + as + k]);
            c10 = c10.add(b0.mul(a1));
            c11 = c11.add(b1.mul(a1));
            c12 = c12.add(b2.mul(a1));
            c13 = c13.add(b3.mul(a1));
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c02.intoArray(c, ci + 2 * L);
        c03.intoArray(c, ci + 3 * L);
        c10.intoArray(c, ci + cs);
        c11.intoArray(c, ci + cs + L);
        c12.intoArray(c, ci + cs + 2 * L);
        c13.intoArray(c, ci + cs + 3 * L);
    }

    private static void tile1x4(float[] a, int ai, float[] b, int bi, int bs, int depth, float[] c, int ci) {
        FloatVector c0 = FloatVector.fromArray(S, c, ci);
        FloatVector c1 = FloatVector.fromArray(S, c, ci + L);
        FloatVector c2 = FloatVector.fromArray(S, c, ci + 2 * L);
        FloatVector c3 = FloatVector.fromArray(S, c, ci + 3 * L);
        for (int k = 0; k < depth; k++) {
            int bk = bi + k * bs;
            FloatVector av = FloatVector.broadcast(S, a[ai + k]);
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

    /** @param fromZero whether the sums start from zero instead of reading their accumulators */
    private static void tile4x2(float[] a, int ai, int as, float[] b, int bi, int bs, int depth, float[] c, int ci,
            int cs, boolean fromZero) {
        FloatVector c00 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci);
        FloatVector c01 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + L);
        FloatVector c10 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + cs);
        FloatVector c11 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + cs + L);
        FloatVector c20 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + 2 * cs);
        FloatVector c21 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + 2 * cs + L);
        FloatVector c30 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + 3 * cs);
        FloatVector c31 = fromZero ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + 3 * cs + L);
        for (int k = 0; k < depth; k++) {
            int bk = bi + k * bs;
            FloatVector b0 = FloatVector.fromArray(S, b, bk);
            FloatVector b1 = FloatVector.fromArray(S, b, bk + L);
            FloatVector a0 = FloatVector.broadcast(S, a[ai + k]);
            FloatVector a1 = FloatVector.broadcast(S, a[ai + as + k]);
            FloatVector a2 = FloatVector.broadcast(S, a[ai + 2 * as + k]);
            FloatVector a3 = FloatVector.broadcast(S, a[ai + 3 * as + k]);
            c00 = c00.add(b0.mul(a0));
            c01 = c01.add(b1.mul(a0));
            c10 = c10.add(b0.mul(a1));
            c11 = c11.add(b1.mul(a1));
            c20 = c20.add(b0.mul(a2));
            c21 = c21.add(b1.mul(a2));
            c30 = c30.add(b0.mul(a3));
            c31 = c31.add(b1.mul(a3));
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c10.intoArray(c, ci + cs);
        c11.intoArray(c, ci + cs + L);
        c20.intoArray(c, ci + 2 * cs);
        c21.intoArray(c, ci + 2 * cs + L);
        c30.intoArray(c, ci + 3 * cs);
        c31.intoArray(c, ci + 3 * cs + L);
    }

    private static void tile4x1(float[] a, int ai, int as, float[] b, int bi, int bs, int depth, float[] c, int ci,
            int cs) {
        FloatVector c0 = FloatVector.fromArray(S, c, ci);
        FloatVector c1 = FloatVector.fromArray(S, c, ci + cs);
        FloatVector c2 = FloatVector.fromArray(S, c, ci + 2 * cs);
        FloatVector c3 = FloatVector.fromArray(S, c, ci + 3 * cs);
        for (int k = 0; k < depth; k++) {
            FloatVector bv = FloatVector.fromArray(S, b, bi + k * bs);
            c0 = c0.add(bv.mul(FloatVector.broadcast(S, a[ai + k])));
            c1 = c1.add(bv.mul(FloatVector.broadcast(S, a[ai + as + k])));
            c2 = c2.add(bv.mul(FloatVector.broadcast(S, a[ai + 2 * as + k])));
            c3 = c3.add(bv.mul(FloatVector.broadcast(S, a[ai + 3 * as + k])));
        }
        c0.intoArray(c, ci);
        c1.intoArray(c, ci + cs);
        c2.intoArray(c, ci + 2 * cs);
        c3.intoArray(c, ci + 3 * cs);
    }

    private static void tile1x1(float[] a, int ai, float[] b, int bi, int bs, int depth, float[] c, int ci) {
        FloatVector c0 = FloatVector.fromArray(S, c, ci);
        for (int k = 0; k < depth; k++) {
            c0 = c0.add(FloatVector.fromArray(S, b, bi + k * bs).mul(FloatVector.broadcast(S, a[ai + k])));
        }
        c0.intoArray(c, ci);
    }

    /** {@link #convolveRow} for six rows and two vectors of columns. */
    private static void tapsTile6x2(float[] a, int ai, int as, int[] taps, float[] b, int bi, int bs, float[] bias,
            float[] c, int ci, int cs) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S);
        FloatVector c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S);
        FloatVector c51 = FloatVector.zero(S);
        for (int k = 0; k < taps.length; k++) {
            int bk = bi + k * bs;
            int at = ai + taps[k];
            FloatVector b0 = FloatVector.fromArray(S, b, bk);
            FloatVector b1 = FloatVector.fromArray(S, b, bk + L);
            FloatVector a0 = FloatVector.broadcast(S, a[at]);
            FloatVector a1 = FloatVector.broadcast(S, a[at + as]);
            FloatVector a2 = FloatVector.broadcast(S, a[at + 2 * as]);
            c00 = c00.add(b0.mul(a0));
            c01 = c01.add(b1.mul(a0));
            c10 = c10.add(b0.mul(a1));
            c11 = c11.add(b1.mul(a1));
            c20 = c20.add(b0.mul(a2));
            c21 = c21.add(b1.mul(a2));
            FloatVector a3 = FloatVector.broadcast(S, a[at + 3 * as]);
            FloatVector a4 = FloatVector.broadcast(S, a[at + 4 * as]);
            FloatVector a5 = FloatVector.broadcast(S, a[at + 5 * as]);
            c30 = c30.add(b0.mul(a3));
            c31 = c31.add(b1.mul(a3));
            c40 = c40.add(b0.mul(a4));
            c41 = c41.add(b1.mul(a4));
            c50 = c50.add(b0.mul(a5));
            c51 = c51.add(b1.mul(a5));
        }
        FloatVector bias0 = FloatVector.fromArray(S, bias, bi);
        FloatVector bias1 = FloatVector.fromArray(S, bias, bi + L);
        c00.add(bias0).intoArray(c, ci);
        c01.add(bias1).intoArray(c, ci + L);
        c10.add(bias0).intoArray(c, ci + cs);
        c11.add(bias1).intoArray(c, ci + cs + L);
        c20.add(bias0).intoArray(c, ci + 2 * cs);
        c21.add(bias1).intoArray(c, ci + 2 * cs + L);
        c30.add(bias0).intoArray(c, ci + 3 * cs);
        c31.add(bias1).intoArray(c, ci + 3 * cs + L);
        c40.add(bias0).intoArray(c, ci + 4 * cs);
        c41.add(bias1).intoArray(c, ci + 4 * cs + L);
        c50.add(bias0).intoArray(c, ci + 5 * cs);
        c51.add(bias1).intoArray(c, ci + 5 * cs + L);
    }

    /** {@link #convolveRow} for one row and two vectors of columns. */
    private static void tapsTile1x2(float[] a, int ai, int[] taps, float[] b, int bi, int bs, float[] bias, float[] c,
            int ci) {
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = FloatVector.zero(S);
        for (int k = 0; k < taps.length; k++) {
            int bk = bi + k * bs;
            FloatVector av = FloatVector.broadcast(S, a[ai + taps[k]]);
            c0 = c0.add(FloatVector.fromArray(S, b, bk).mul(av));
            c1 = c1.add(FloatVector.fromArray(S, b, bk + L).mul(av));
        }
        c0.add(FloatVector.fromArray(S, bias, bi)).intoArray(c, ci);
        c1.add(FloatVector.fromArray(S, bias, bi + L)).intoArray(c, ci + L);
    }
}
