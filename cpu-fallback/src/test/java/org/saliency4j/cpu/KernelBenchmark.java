package org.saliency4j.cpu;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.saliency4j.model.LayerOp;
import org.saliency4j.model.Padding;
import org.saliency4j.tensor.Shape;
import org.saliency4j.testing.RandomTensors;

/**
 * JMH benchmarks of the convolution and dense kernels, vector loops against the plain loops, on the layer shapes
 * that dominate the issue-6 workloads. Run with {@code benchmarks/jmh.sh} (not part of {@code mvn verify}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class KernelBenchmark {
    /** {@code vector}: the vector loops; {@code plain}: the plain loops, the specification. */
    @Param({"vector", "plain"})
    public String loops;

    /** h, w, cin, cout of a 3x3 convolution: CNN5's conv_0 and conv_1 (valid), VGG16's conv3_2 and conv5_2 (same). */
    @Param({"32x32x3x32", "15x15x32x64", "56x56x256x256", "14x14x512x512"})
    public String conv;

    private Conv2DKernel convKernel;
    private DenseKernel denseKernel;
    private float[] x;
    private float[] dy;
    private float[] denseX;
    private float[] denseDy;

    /** Builds the kernels and their inputs from a fixed seed. */
    @Setup
    public void setUp() {
        FastLoops fast = "vector".equals(loops) ? Simd.loops() : null;
        if ("vector".equals(loops) && fast == null) {
            throw new IllegalStateException(Simd.description());
        }
        String[] d = conv.split("x");
        int h = Integer.parseInt(d[0]);
        int w = Integer.parseInt(d[1]);
        int cin = Integer.parseInt(d[2]);
        int cout = Integer.parseInt(d[3]);
        Padding padding = cin >= 128 ? Padding.SAME : Padding.VALID;
        RandomTensors random = new RandomTensors(6);
        LayerOp.Conv2D op = new LayerOp.Conv2D(random.uniform(Shape.of(3, 3, cin, cout), -1, 1),
                random.uniform(Shape.of(cout), -1, 1), 1, 1, padding);
        Shape in = Shape.of(h, w, cin);
        Shape out = Shape.of(padding.outputSize(h, 3, 1), padding.outputSize(w, 3, 1), cout);
        convKernel = new Conv2DKernel(op, in, out, fast);
        x = random.uniform(in.withBatch(1), -1, 1).toArray();
        dy = random.uniform(out.withBatch(1), -1, 1).toArray();
        // CNN5's dense_0 (1024 -> 64) at batch 1.
        denseKernel = new DenseKernel(new LayerOp.Dense(random.uniform(Shape.of(1024, 64), -1, 1),
                random.uniform(Shape.of(64), -1, 1)), Shape.of(1024), fast);
        denseX = random.uniform(Shape.of(1, 1024), -1, 1).toArray();
        denseDy = random.uniform(Shape.of(1, 64), -1, 1).toArray();
    }

    /** @return one convolution forward pass */
    @Benchmark
    public float[] convolutionForward() {
        return convKernel.forward(new float[][] {x}, 1, Scratch.unpooled()).output();
    }

    /** @return one convolution forward pass and its input gradient */
    @Benchmark
    public float[] convolutionForwardAndInputGradient() {
        return convKernel.forward(new float[][] {x}, 1, Scratch.unpooled()).backward(dy)[0];
    }

    /** @return one dense forward pass and its input gradient */
    @Benchmark
    public float[] denseForwardAndInputGradient() {
        return denseKernel.forward(new float[][] {denseX}, 1, Scratch.unpooled()).backward(denseDy)[0];
    }
}
