package org.saliency4j.cpu;

/**
 * One large {@link FastLoops#accumulate} product split over threads: {@code c[r][j] += sum over k of a[r][k] *
 * b[k][j]}, each work item a block of rows and a block of columns. Every element is still summed by one thread in
 * the order of {@code k}, so the split never changes a result.
 */
final class BlockProduct {
    /** Column blocks start at multiples of this: four vectors of the widest species, one register tile. */
    private static final int ALIGN = 64;
    /** Columns are split only into blocks of at least this many (narrower ones reread {@code a} too often). */
    private static final int MIN_COLUMNS = 128;
    /** Rows are split only into blocks of at least this many (fewer reread {@code b} too often). */
    private static final int MIN_ROWS = 16;

    private BlockProduct() {
    }

    /**
     * Adds the product to {@code c}.
     *
     * @param loops   the product's inner loops
     * @param a       {@code rows} rows of {@code depth} values, contiguous; not modified
     * @param rows    the rows of {@code a} and {@code c}
     * @param depth   the length of each sum
     * @param b       {@code depth} rows of at least {@code cols} values, {@code bStride} apart; not modified
     * @param bStride the distance between rows of {@code b}
     * @param cols    the columns of {@code c}
     * @param c       {@code rows} rows of at least {@code cols} values, {@code cStride} apart; modified
     * @param cStride the distance between rows of {@code c}
     */
    static void accumulate(FastLoops loops, float[] a, int rows, int depth, float[] b, int bStride, int cols,
            float[] c, int cStride) {
        run(loops, a, rows, depth, b, bStride, cols, c, cStride, false);
    }

    /**
     * Writes the product to {@code c}, as {@link #accumulate} into a zeroed {@code c} would (FastLoops.multiply).
     *
     * @param loops   the product's inner loops
     * @param a       {@code rows} rows of {@code depth} values, contiguous; not modified
     * @param rows    the rows of {@code a} and {@code c}
     * @param depth   the length of each sum
     * @param b       {@code depth} rows of at least {@code cols} values, {@code bStride} apart; not modified
     * @param bStride the distance between rows of {@code b}
     * @param cols    the columns of {@code c}
     * @param c       {@code rows} rows of at least {@code cols} values, {@code cStride} apart; the first
     *                {@code cols} of each row are overwritten
     * @param cStride the distance between rows of {@code c}
     */
    static void multiply(FastLoops loops, float[] a, int rows, int depth, float[] b, int bStride, int cols,
            float[] c, int cStride) {
        run(loops, a, rows, depth, b, bStride, cols, c, cStride, true);
    }

    private static void run(FastLoops loops, float[] a, int rows, int depth, float[] b, int bStride, int cols,
            float[] c, int cStride, boolean zeroFirst) {
        int items = 4 * Parallel.threads();
        int colBlocks = Math.max(1, Math.min(items, cols / MIN_COLUMNS));
        int rowBlocks = Math.max(1, Math.min((items + colBlocks - 1) / colBlocks, rows / MIN_ROWS));
        long work = (long) rows * depth * cols;
        Parallel.forEach(rowBlocks * colBlocks, work, item -> {
            int rb = item / colBlocks;
            int cb = item % colBlocks;
            int r0 = rows * rb / rowBlocks;
            int r1 = rows * (rb + 1) / rowBlocks;
            int c0 = cols * cb / colBlocks / ALIGN * ALIGN;
            int c1 = cb == colBlocks - 1 ? cols : cols * (cb + 1) / colBlocks / ALIGN * ALIGN;
            if (r0 >= r1 || c0 >= c1) {
                return;
            }
            int aOff = r0 * depth;
            int cOff = r0 * cStride + c0;
            if (zeroFirst) {
                loops.multiply(a, aOff, depth, r1 - r0, b, c0, bStride, c1 - c0, depth, c, cOff, cStride);
            } else {
                loops.accumulate(a, aOff, depth, r1 - r0, b, c0, bStride, c1 - c0, depth, c, cOff, cStride);
            }
        });
    }
}
