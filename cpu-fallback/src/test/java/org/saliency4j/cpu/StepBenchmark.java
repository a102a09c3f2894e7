package org.saliency4j.cpu;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.keras.KerasModels;
import org.saliency4j.model.Model;
import org.saliency4j.objective.Objectives;
import org.saliency4j.objective.SaliencyObjective;
import org.saliency4j.optim.GradientStep;
import org.saliency4j.optim.Optimization;
import org.saliency4j.optim.OptimizationResult;
import org.saliency4j.tensor.DoubleTensor;
import org.saliency4j.tensor.Shape;
import org.saliency4j.testing.SharedFiles;

/**
 * JMH benchmark of the optimisation loop on the notebook's CNN5 (part 1's class objective, batch 1), for the
 * allocation per step: run with {@code benchmarks/jmh.sh StepBenchmark -prof gc}; the per-step allocation is the
 * difference of {@code gc.alloc.rate.norm} between the 200- and the 100-epoch runs, divided by 100, so that what
 * a run allocates once (its result and buffers) does not count. Needs the model ({@code SALIENCY4J_HOME}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Dsaliency4j.simd=true"})
public class StepBenchmark {
    private CompiledModel compiled;
    private SaliencyObjective objective;
    private DoubleTensor grey;
    private Optimization hundred;
    private Optimization twoHundred;

    /** Loads and compiles CNN5 on the CPU backend. */
    @Setup
    public void setUp() throws java.io.IOException {
        Model cnn5 = KerasModels.load(SharedFiles.require(SharedFiles.CNN5));
        compiled = new CpuBackend().compile(cnn5);
        objective = Objectives.crossEntropy(cnn5.output(), 3).plus(Objectives.l2(1e-3));
        grey = DoubleTensor.filled(Shape.of(1, 32, 32, 3), 0.2);
        hundred = Optimization.minimize(new GradientStep(0.05), 100);
        twoHundred = Optimization.minimize(new GradientStep(0.05), 200);
    }

    /** Releases the compiled model. */
    @TearDown
    public void tearDown() {
        compiled.close();
    }

    /** @return a run of 100 epochs */
    @Benchmark
    public OptimizationResult hundredEpochs() {
        return hundred.run(compiled, objective, grey);
    }

    /** @return a run of 200 epochs */
    @Benchmark
    public OptimizationResult twoHundredEpochs() {
        return twoHundred.run(compiled, objective, grey);
    }
}
