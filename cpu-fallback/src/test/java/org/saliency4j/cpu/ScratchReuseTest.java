package org.saliency4j.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.saliency4j.model.Activation;
import org.saliency4j.model.LayerOp;
import org.saliency4j.model.Padding;
import org.saliency4j.tensor.Shape;
import org.saliency4j.testing.RandomTensors;

/**
 * Kernels that take pooled arrays "to overwrite" (not zeroed) write every element before reading it: a pass run on
 * arrays that an earlier pass left full of NaN ({@link Scratch.Pool#poisoning()}) gives the same bits as a pass on
 * fresh arrays, forward and backward, with the vector loops and with the plain loops.
 */
class ScratchReuseTest {

    /** A kernel and the shapes of its input and output, per sample. */
    private record Case(String name, Function<@Nullable FastLoops, Kernel> kernel, Shape in, Shape out) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> kernels() {
        RandomTensors random = new RandomTensors(21);
        Stream.Builder<Arguments> cases = Stream.builder();
        int[][] convs = {
            // h, w, cin, cout, padding same?: per-row narrow, per-row wide, whole layer, whole layer valid
            {3, 70, 3, 16, 1}, {4, 66, 24, 70, 1}, {7, 9, 64, 130, 1}, {8, 8, 64, 128, 0}, {32, 32, 3, 32, 0}};
        for (int[] c : convs) {
            Padding padding = c[4] == 1 ? Padding.SAME : Padding.VALID;
            LayerOp.Conv2D op = new LayerOp.Conv2D(random.uniform(Shape.of(3, 3, c[2], c[3]), -1, 1),
                    random.uniform(Shape.of(c[3]), -1, 1), 1, 1, padding);
            Shape in = Shape.of(c[0], c[1], c[2]);
            Shape out = Shape.of(padding.outputSize(c[0], 3, 1), padding.outputSize(c[1], 3, 1), c[3]);
            cases.add(Arguments.of(new Case("conv " + in + " -> " + out, f -> new Conv2DKernel(op, in, out, f), in,
                    out)));
        }
        LayerOp.Pooling2D pool = new LayerOp.Pooling2D(LayerOp.PoolMode.MAX, 2, 2, 2, 2, Padding.VALID);
        cases.add(Arguments.of(new Case("max pool", f -> new MaxPool2DKernel(pool, Shape.of(13, 13, 64),
                Shape.of(6, 6, 64), f), Shape.of(13, 13, 64), Shape.of(6, 6, 64))));
        cases.add(Arguments.of(new Case("relu", f -> new ActivationKernel(Activation.RELU, 50, f), Shape.of(4, 50),
                Shape.of(4, 50))));
        cases.add(Arguments.of(new Case("softmax", f -> new ActivationKernel(Activation.SOFTMAX, 10, f),
                Shape.of(10), Shape.of(10))));
        LayerOp.Dense dense = new LayerOp.Dense(random.uniform(Shape.of(1024, 64), -1, 1),
                random.uniform(Shape.of(64), -1, 1));
        cases.add(Arguments.of(new Case("dense", f -> new DenseKernel(dense, Shape.of(1024), f), Shape.of(1024),
                Shape.of(64))));
        return cases.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void aPassOnPoisonedArraysGivesTheFreshResult(Case c) {
        for (FastLoops loops : new FastLoops[] {null, Simd.loops()}) {
            Kernel kernel = c.kernel().apply(loops);
            RandomTensors random = new RandomTensors(4);
            int batch = 2;
            float[] first = random.uniform(c.in().withBatch(batch), -1, 1).toArray();
            float[] x = random.uniform(c.in().withBatch(batch), -1, 1).toArray();
            float[] dy = random.uniform(c.out().withBatch(batch), -1, 1).toArray();
            Scratch.Pool pool = Scratch.Pool.poisoning();
            Scratch earlier = pool.scratch();
            kernel.forward(new float[][] {first}, batch, earlier).backward(dy);
            earlier.release();

            Trace reused = kernel.forward(new float[][] {x}, batch, pool.scratch());
            Trace fresh = kernel.forward(new float[][] {x}, batch, Scratch.unpooled());

            String path = loops == null ? "plain loops" : "vector loops";
            assertThat(bits(reused.output())).as(path).containsExactly(bits(fresh.output()));
            assertThat(bits(reused.backward(dy)[0])).as(path).containsExactly(bits(fresh.backward(dy)[0]));
        }
    }

    private static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }
}
