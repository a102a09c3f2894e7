package org.saliency4j.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.saliency4j.model.LayerOp;
import org.saliency4j.model.Padding;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;
import org.saliency4j.testing.RandomTensors;

/**
 * The vector kernels give the plain loops' results bit for bit (issue 6: the library must give identical results
 * whether or not {@code jdk.incubator.vector} is enabled). Shapes cover full 4-vector tiles, single vectors, the
 * scalar remainder columns, edge positions of "same" padding, strides and batches. The products are checked both
 * ways the vector loops run them: narrow (4 x 2 tiles, for short work) and wide (with the 4-vector tiles).
 */
class SimdEquivalenceTest {
    /** The wide loops, for the kernels whose loops have no narrow form. */
    private static FastLoops vector;
    private static FastLoops[] widths;

    @BeforeAll
    static void vectorKernelsAreLoaded() {
        // The surefire configuration enables the module, so the vector path must be there to be compared.
        FastLoops narrow = Simd.create(false);
        FastLoops wide = Simd.create(true);
        assertThat(narrow).as(Simd.description()).isNotNull();
        assertThat(wide).as(Simd.description()).isNotNull();
        vector = wide;
        widths = new FastLoops[] {narrow, wide};
    }

    static Stream<Arguments> convolutions() {
        return Stream.of(
                // h, w, cin, cout, k, stride, padding, batch
                Arguments.of(32, 32, 3, 32, 3, 1, Padding.VALID, 1),    // CNN5 conv_0
                Arguments.of(15, 15, 32, 64, 3, 1, Padding.VALID, 2),   // CNN5 conv_1
                Arguments.of(5, 8, 16, 64, 3, 1, Padding.SAME, 1),      // rows of 8: a 6-row and a 2-row tile
                Arguments.of(16, 16, 3, 64, 3, 1, Padding.SAME, 2),     // VGG conv1_1: narrow taps, padded edges
                Arguments.of(11, 13, 1, 48, 5, 2, Padding.SAME, 2),     // narrow, stride 2, 2 + 1 vector columns
                Arguments.of(12, 12, 64, 128, 3, 1, Padding.SAME, 1),   // VGG-like, 4-vector tiles and edges
                Arguments.of(9, 11, 20, 70, 3, 1, Padding.SAME, 3),     // remainder columns and rows
                Arguments.of(5, 6, 100, 300, 3, 1, Padding.SAME, 1),    // sums longer than one depth block
                Arguments.of(7, 9, 64, 130, 3, 2, Padding.SAME, 3),     // whole layer: stride 2, batch, remainders
                Arguments.of(6, 40, 8, 21, 3, 1, Padding.SAME, 1),      // remainder columns with lanes over rows
                Arguments.of(13, 10, 17, 40, 5, 2, Padding.SAME, 2),    // stride 2, asymmetric padding
                Arguments.of(7, 9, 5, 16, 2, 3, Padding.VALID, 1),      // stride 3, 2x2 window
                Arguments.of(4, 4, 8, 24, 5, 1, Padding.SAME, 1),       // window larger than the input
                // Wide images take the per-row products instead of one product over the whole layer.
                Arguments.of(3, 70, 3, 16, 3, 1, Padding.SAME, 2),      // narrow kernel, per-row
                Arguments.of(9, 40, 2, 32, 3, 2, Padding.SAME, 2),      // narrow, in place: stride 2, 6 + 1 rows
                Arguments.of(4, 66, 24, 70, 3, 1, Padding.SAME, 1));    // per-row, remainder columns
    }

    @ParameterizedTest(name = "{0}x{1}x{2} -> {3}, {4}x{4} stride {5} {6}, batch {7}")
    @MethodSource("convolutions")
    void convolutionForwardAndInputGradientAreBitIdentical(int h, int w, int cin, int cout, int k, int stride,
            Padding padding, int batch) {
        RandomTensors random = new RandomTensors(h * 31L + cout);
        LayerOp.Conv2D op = new LayerOp.Conv2D(random.uniform(Shape.of(k, k, cin, cout), -1, 1),
                random.uniform(Shape.of(cout), -1, 1), stride, stride, padding);
        Shape in = Shape.of(h, w, cin);
        Shape out = Shape.of(padding.outputSize(h, k, stride), padding.outputSize(w, k, stride), cout);
        float[] x = random.uniform(in.withBatch(batch), -1, 1).toArray();
        float[] dy = random.uniform(out.withBatch(batch), -1, 1).toArray();

        Trace plain = new Conv2DKernel(op, in, out, null).forward(new float[][] {x}, batch, Scratch.unpooled());
        for (FastLoops loops : widths) {
            Trace fast = new Conv2DKernel(op, in, out, loops).forward(new float[][] {x}, batch, Scratch.unpooled());
            assertThat(bits(fast.output())).as(loops.toString()).containsExactly(bits(plain.output()));
            assertThat(bits(fast.backward(dy)[0])).as(loops.toString()).containsExactly(bits(plain.backward(dy)[0]));
        }
    }

    @ParameterizedTest(name = "{0} x {1} by {2}, depth {3}")
    @CsvSource({"1, 3, 130, 7", "5, 7, 64, 300", "6, 6, 64, 10", "13, 13, 100, 9", "10, 10, 147, 600", "9, 9, 20, 0",
        "8, 3, 64, 40", "9, 5, 130, 70", "30, 2, 32, 27", "14, 3, 112, 300"})
    void multiplyOverwritesExactlyWhatAccumulatingIntoZerosGives(int rows, int stride, int cols, int depth) {
        // rows: below 4, with 6-row and 4-row tiles and a remainder; columns: whole 4-vector blocks, a 2-vector
        // block (CNN5's 32 channels) and remainders; depth: one block or two.
        RandomTensors random = new RandomTensors(rows * 7L + cols);
        float[] a = random.uniform(Shape.of(rows * Math.max(depth, 1) + 1), -1, 1).toArray();
        float[] b = random.uniform(Shape.of(Math.max(depth, 1) * (cols + 3)), -1, 1).toArray();
        int cStride = cols + stride;
        for (FastLoops loops : widths) {
            float[] expected = new float[rows * cStride + 2];
            loops.accumulate(a, 1, depth, rows, b, 0, cols + 3, cols, depth, expected, 2, cStride);
            float[] c = new float[expected.length];
            java.util.Arrays.fill(c, Float.NaN);
            loops.multiply(a, 1, depth, rows, b, 0, cols + 3, cols, depth, c, 2, cStride);
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < cols; j++) {
                    int i = 2 + r * cStride + j;
                    assertThat(Float.floatToRawIntBits(c[i])).as("%s row %d column %d", loops, r, j)
                            .isEqualTo(Float.floatToRawIntBits(expected[i]));
                }
                for (int j = cols; j < cStride && r < rows - 1; j++) {
                    assertThat(c[2 + r * cStride + j]).as("outside the block, row %d", r).isNaN();
                }
            }
        }
    }

    @Test
    void nonFiniteWeightsNextToPaddingGiveThePlainLoopsResults() {
        // The whole-layer product multiplies padded taps as zeros, which is exact only for finite weights: 0 * inf
        // is NaN where the plain loops skip the tap. Such a kernel must not take that path.
        RandomTensors random = new RandomTensors(12);
        float[] kernel = random.uniform(Shape.of(3, 3, 64, 128), -1, 1).toArray(); // large: a whole-layer size
        kernel[5] = Float.POSITIVE_INFINITY; // tap (0, 0): padding for the top row and left column
        kernel[3 * 64 * 128 + 7] = Float.NaN; // tap (1, 0)
        LayerOp.Conv2D op = new LayerOp.Conv2D(org.saliency4j.tensor.Tensor.of(Shape.of(3, 3, 64, 128), kernel),
                random.uniform(Shape.of(128), -1, 1), 1, 1, Padding.SAME);
        Shape in = Shape.of(6, 6, 64);
        Shape out = Shape.of(6, 6, 128);
        float[] x = random.uniform(in.withBatch(1), -1, 1).toArray();

        float[] plain = new Conv2DKernel(op, in, out, null).forward(new float[][] {x}, 1, Scratch.unpooled()).output();
        float[] fast = new Conv2DKernel(op, in, out, vector).forward(new float[][] {x}, 1, Scratch.unpooled()).output();

        assertThat(bits(fast)).containsExactly(bits(plain));
        // Channel 5 at the corner skips its infinite tap: finite, where a multiplied zero tap would give NaN.
        assertThat(plain[5]).isFinite();
    }

    @Test
    void constantImageStillGivesEqualInteriorOutputs() {
        // The notebook's tie-breaking rests on this (ExactnessTest checks it on the real model too).
        RandomTensors random = new RandomTensors(5);
        LayerOp.Conv2D op = new LayerOp.Conv2D(random.uniform(Shape.of(3, 3, 32, 64), -1, 1),
                random.uniform(Shape.of(64), -1, 1), 1, 1, Padding.SAME);
        Shape in = Shape.of(10, 10, 32);
        float[] y = new Conv2DKernel(op, in, Shape.of(10, 10, 64), vector)
                .forward(new float[][] {Tensor.filled(in.withBatch(1), 0.2f).toArray()}, 1, Scratch.unpooled()).output();
        for (int pos = 0; pos < 100; pos++) {
            int row = pos / 10;
            int col = pos % 10;
            if (row > 0 && row < 9 && col > 0 && col < 9) {
                for (int c = 0; c < 64; c++) {
                    assertThat(y[pos * 64 + c]).isEqualTo(y[11 * 64 + c]);
                }
            }
        }
    }

    @Test
    void reluForwardAndGradientAreBitIdenticalIncludingSpecialValues() {
        float[] special = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
            -Float.MIN_VALUE, 1e-30f, -1e-30f, 3f};
        RandomTensors random = new RandomTensors(9);
        float[] x = random.uniform(Shape.of(1000), -1, 1).toArray();
        float[] g = random.uniform(Shape.of(1000), -1, 1).toArray();
        for (int i = 0; i < special.length; i++) {
            for (int j = 0; j < special.length; j++) {
                x[i * special.length + j] = special[i];
                g[i * special.length + j] = special[j];
            }
        }
        assertReluBitIdentical(x, g);
    }

    @Test
    void reluOnATensorLargeEnoughToBeSplitGivesThePlainLoopsBits() {
        // Above Parallel.MIN_WORK elements, and not a multiple of a vector or of a chunk.
        RandomTensors random = new RandomTensors(10);
        float[] x = random.uniform(Shape.of(300_007), -1, 1).toArray();
        float[] g = random.uniform(Shape.of(300_007), -1, 1).toArray();
        assertReluBitIdentical(x, g);
    }

    /** ReLU's forward pass on {@code x} and its gradient for {@code g}: vector loops against plain loops. */
    private void assertReluBitIdentical(float[] x, float[] g) {
        Trace plain = new ActivationKernel(org.saliency4j.model.Activation.RELU, x.length, null)
                .forward(new float[][] {x}, 1, Scratch.unpooled());
        Trace fast = new ActivationKernel(org.saliency4j.model.Activation.RELU, x.length, vector)
                .forward(new float[][] {x}, 1, Scratch.unpooled());

        // isEqualTo compares the arrays in one pass (containsExactly is slow on 300,000 elements).
        assertThat(bits(fast.output())).isEqualTo(bits(plain.output()));
        assertThat(bits(fast.backward(g)[0])).isEqualTo(bits(plain.backward(g)[0]));
    }

    @ParameterizedTest(name = "{0}x{1}x{2}, pool {3} stride {4} {5}")
    @MethodSource("poolings")
    void maxPoolingPicksTheSameWinnersIncludingTiesAndNaN(int h, int w, int c, int pool, int stride,
            Padding padding) {
        RandomTensors random = new RandomTensors(h * 13L + c);
        float[] x = random.uniform(Shape.of(2, h, w, c), 0, 4).toArray();
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 37 == 0 ? Float.NaN : (float) Math.floor(x[i]); // few distinct values: many ties
        }
        LayerOp.Pooling2D op = new LayerOp.Pooling2D(LayerOp.PoolMode.MAX, pool, pool, stride, stride, padding);
        Shape in = Shape.of(h, w, c);
        Shape out = Shape.of(padding.outputSize(h, pool, stride), padding.outputSize(w, pool, stride), c);
        float[] dy = random.uniform(out.withBatch(2), -1, 1).toArray();

        Trace plain = new MaxPool2DKernel(op, in, out, null).forward(new float[][] {x}, 2, Scratch.unpooled());
        Trace fast = new MaxPool2DKernel(op, in, out, vector).forward(new float[][] {x}, 2, Scratch.unpooled());

        assertThat(bits(fast.output())).containsExactly(bits(plain.output()));
        assertThat(bits(fast.backward(dy)[0])).containsExactly(bits(plain.backward(dy)[0]));
    }

    static Stream<Arguments> poolings() {
        return Stream.of(
                Arguments.of(30, 30, 32, 2, 2, Padding.VALID),  // CNN5 max_pooling2d
                Arguments.of(13, 13, 64, 2, 2, Padding.VALID),  // CNN5 max_pooling2d_1 (floor)
                Arguments.of(9, 7, 21, 3, 2, Padding.SAME));    // remainder channels, clipped windows
    }

    /** The raw bits, so that -0 and 0 and NaN payloads count as different. */
    private static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }

    static Stream<Arguments> denseLayers() {
        return Stream.of(
                // in, units, rows
                Arguments.of(1024, 64, 1),   // CNN5 dense_0
                Arguments.of(64, 10, 1),     // CNN5 dense_1: columns below one vector
                Arguments.of(300, 200, 3),   // several row tiles, remainder columns
                Arguments.of(17, 129, 5),
                Arguments.of(50, 37, 20));   // remainder columns with lanes over rows
    }

    @ParameterizedTest(name = "{0} -> {1}, {2} rows")
    @MethodSource("denseLayers")
    void denseForwardAndInputGradientAreBitIdentical(int in, int units, int rows) {
        RandomTensors random = new RandomTensors(in + 7L * units);
        LayerOp.Dense op = new LayerOp.Dense(random.uniform(Shape.of(in, units), -1, 1),
                random.uniform(Shape.of(units), -1, 1));
        float[] x = random.uniform(Shape.of(rows, in), -1, 1).toArray();
        float[] dy = random.uniform(Shape.of(rows, units), -1, 1).toArray();

        Trace plain = new DenseKernel(op, Shape.of(in), null).forward(new float[][] {x}, rows, Scratch.unpooled());
        for (FastLoops loops : widths) {
            Trace fast = new DenseKernel(op, Shape.of(in), loops).forward(new float[][] {x}, rows, Scratch.unpooled());
            assertThat(bits(fast.output())).as(loops.toString()).containsExactly(bits(plain.output()));
            assertThat(bits(fast.backward(dy)[0])).as(loops.toString()).containsExactly(bits(plain.backward(dy)[0]));
        }
    }
}
