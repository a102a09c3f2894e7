package org.saliency4j.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.saliency4j.attribution.Attribution;
import org.saliency4j.attribution.Attributions;
import org.saliency4j.attribution.Target;
import org.saliency4j.backend.Backend;
import org.saliency4j.backend.BackendSelection;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.backend.ForwardPass;
import org.saliency4j.cpu.CpuBackendProvider;
import org.saliency4j.keras.KerasModels;
import org.saliency4j.model.Activation;
import org.saliency4j.model.Flops;
import org.saliency4j.model.Layer;
import org.saliency4j.model.LayerOp;
import org.saliency4j.model.Model;
import org.saliency4j.model.Padding;
import org.saliency4j.objective.FeatureObjectives;
import org.saliency4j.objective.Objectives;
import org.saliency4j.objective.SaliencyObjective;
import org.saliency4j.optim.GradientStep;
import org.saliency4j.optim.Optimization;
import org.saliency4j.tensor.DoubleTensor;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;
import org.saliency4j.trust.DeletionInsertion;
import org.saliency4j.trust.SanityCheck;
import org.saliency4j.vis.FeatureVisualization;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: times the workloads of the speed issue after warm-up and prints one JSON object with the median
 * and minimum seconds of each, and GFLOP/s where the FLOP count is defined (2 per multiply-add; an input-gradient
 * pass counts as much as the forward pass). Besides the speed issue's workloads it times one CNN5 step for a batch
 * of 64 images ({@code cnn5_step_batch64}, seconds per step), the GPU backend's batched case.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Times the speed workloads and prints one JSON object (see docs/performance.md).")
final class BenchCommand implements Callable<Integer> {
    /** The shortest warm-up of a workload: 2 s. */
    private static final long WARM_UP_NANOS = 2_000_000_000L;
    /** The longest warm-up of a workload, however busy the JIT: 30 s. */
    private static final long MAX_WARM_UP_NANOS = 30_000_000_000L;
    /** The JIT counts as quiet when it compiled for less than this share of a warm-up run's time. */
    private static final double JIT_QUIET = 0.01;
    /** Runs before the allocation is counted, so that the JIT has compiled the step loop. */
    private static final int STEADY_RUNS = 20;
    /** The batch of the {@code cnn5_step_batch64} workload. */
    private static final int BATCH = 64;
    /** The workloads, for progress: twelve on CNN5, three on VGG16. */
    private static final int WORKLOADS = 15;
    /** Integrated Gradients' internal batch on VGG16, as the attribution issue's workload has it. */
    private static final int VGG_IG_BATCH = 10;

    @Mixin
    private Cli.ModelOption model = new Cli.ModelOption();
    @Option(names = "--repeats", paramLabel = "<n>", defaultValue = "5",
            description = "timed runs of each workload after its warm-up (default: ${DEFAULT-VALUE}); the median and "
                    + "the minimum are reported")
    private int repeats = 5;
    @Option(names = "--skip-vgg", description = "leave out the three VGG16 workloads (about 4 minutes)")
    private boolean skipVgg;
    @Mixin
    private Cli.BackendOption backend = new Cli.BackendOption();
    @Mixin
    private Cli.QuietOption quiet = new Cli.QuietOption();
    @Spec
    private CommandSpec spec = CommandSpec.create();

    @Override
    public Integer call() throws IOException {
        Cli.positive(spec, "--repeats", repeats);
        // bench measures the kernels that long work runs: the vector kernels, where the JVM has them, from the
        // first step (unless -Dsaliency4j.simd says otherwise).
        if (System.getProperty(CpuBackendProvider.SIMD_PROPERTY) == null) {
            System.setProperty(CpuBackendProvider.SIMD_PROPERTY, "true");
        }
        PrintWriter err = spec.commandLine().getErr();
        Map<String, Object> result;
        try (Progress progress = quiet.progress("bench", skipVgg ? WORKLOADS - 3 : WORKLOADS, "workloads", err)) {
            result = measure(progress, err);
        }
        spec.commandLine().getOut().print(Json.text(result));
        return 0;
    }

    private Map<String, Object> measure(Progress progress, PrintWriter err) throws IOException {
        Model cnn5 = KerasModels.load(model.file());
        BackendSelection selection = backend.select();
        quiet.backendLine(selection, err);
        Map<String, Object> result = new LinkedHashMap<>();
        try (Backend backend = selection.create(); CompiledModel compiled = backend.compile(cnn5)) {
            DoubleTensor grey = DoubleTensor.filled(Shape.of(1, 32, 32, 3), Notebook.GREY);
            int steps = 50;
            double stepFlops = 2.0 * flops(cnn5);
            result.put("cnn5_step", time(repeats, stepFlops, () -> {
                Optimization.minimize(new GradientStep(0.05), steps).run(compiled, classModel(cnn5, 3), grey);
                return steps;
            }, progress));
            result.put("cnn5_step_allocated_bytes", allocatedPerStep(compiled, cnn5, grey, steps));
            result.put("part1_sequential", time(repeats, 1000 * stepFlops, () -> {
                for (int c = 0; c < 10; c++) {
                    Optimization.minimize(new GradientStep(0.05), 100).run(compiled, classModel(cnn5, c), grey);
                }
                return 1;
            }, progress));
            List<SaliencyObjective> all = new ArrayList<>();
            for (int c = 0; c < 10; c++) {
                all.add(classModel(cnn5, c));
            }
            DoubleTensor greys = DoubleTensor.filled(Shape.of(10, 32, 32, 3), Notebook.GREY);
            result.put("part1_batched", time(repeats, 1000 * stepFlops, () -> {
                Optimization.minimize(new GradientStep(0.05), 100).run(compiled, all, greys);
                return 1;
            }, progress));
            // One step for a batch of 64 images (classes 0..9 in turn): the GPU backend's batched throughput.
            List<SaliencyObjective> batch = new ArrayList<>();
            for (int i = 0; i < BATCH; i++) {
                batch.add(all.get(i % 10));
            }
            DoubleTensor batchGreys = DoubleTensor.filled(Shape.of(BATCH, 32, 32, 3), Notebook.GREY);
            result.put("cnn5_step_batch64", time(repeats, BATCH * stepFlops, () -> {
                Optimization.minimize(new GradientStep(0.05), 20).run(compiled, batch, batchGreys);
                return 20;
            }, progress));
            List<CompiledModel> partial = new ArrayList<>();
            double part3Flops = 0;
            for (int layer : Notebook.PART3_LAYERS) {
                partial.add(backend.compile(cnn5.truncatedAt(layer)));
                part3Flops += 200 * 2.0 * flops(cnn5.truncatedAt(layer));
            }
            DoubleTensor horse = DoubleTensor.filled(Shape.of(1, 32, 32, 3), 0.5);
            result.put("part3", time(repeats, part3Flops, () -> {
                for (int i = 0; i < partial.size(); i++) {
                    Optimization.maximize(new GradientStep(Notebook.PART3_LEARNING_RATES[i]), 200).run(partial.get(i),
                            Objectives.layerNorm(partial.get(i).model().output()).minus(Objectives.l2(Notebook.PART3_LAMBDAS[i])),
                            horse);
                }
                return 1;
            }, progress));
            partial.forEach(CompiledModel::close);
            attributions(backend, compiled, cnn5, result, progress);
            if (!skipVgg) {
                vgg(backend, result, progress);
            }
        }
        result.put("threads", Runtime.getRuntime().availableProcessors());
        result.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        result.put("cpu", cpu());
        return result;
    }

    /** The three VGG16 workloads at 224 x 224: a forward pass, a step, Integrated Gradients with 50 steps. */
    private void vgg(Backend backend, Map<String, Object> result, Progress progress) {
        Model vgg = vgg16();
        double forward = flops(vgg);
        Tensor x = Tensor.filled(Shape.of(1, 224, 224, 3), 0.5f);
        try (CompiledModel v = backend.compile(vgg)) {
            int vggRepeats = Math.max(3, repeats / 2);
            result.put("vgg16_forward", time(vggRepeats, forward, () -> {
                try (ForwardPass p = v.forward(x)) {
                    p.output();
                }
                return 1;
            }, progress));
            Tensor seed = Tensor.filled(Shape.of(1, 1000), 1e-3f);
            result.put("vgg16_step", time(vggRepeats, 2 * forward, () -> {
                try (ForwardPass p = v.forward(x)) {
                    p.inputGradientFromPreActivation(vgg.output(), seed);
                }
                return 1;
            }, progress));
            // Integrated Gradients with 50 steps in internal batches of 10: 51 forward and 50 backward
            // passes (the baseline's score too).
            result.put("ig_vgg16", time(vggRepeats, 50 * 2 * forward + forward, () -> {
                Attributions.integratedGradients().withInternalBatch(VGG_IG_BATCH).explain(v, x,
                        Target.classIndex(1));
                return 1;
            }, progress));
        }
    }

    /**
     * The attribution workloads on CNN5 for one CIFAR-sized image (seeded uniform values): Integrated Gradients
     * with 50 steps, SmoothGrad with 50 samples, Grad-CAM, and occlusion with a 4 x 4 window and stride 2; seconds
     * per map. The PyTorch peer (benchmarks/peer) runs the same with plain autograd. Then the trust issue's two:
     * deletion and insertion of one image's saliency map (33 images each), and the cascading sanity check of the
     * gradient method on 10 images (five randomised copies of CNN5, each compiled). And the feature visualisation
     * of CNN5's ten classes.
     */
    private void attributions(Backend backend, CompiledModel compiled, Model cnn5, Map<String, Object> result,
                              Progress progress) {
        java.util.Random random = new java.util.Random(17);
        float[] v = new float[32 * 32 * 3];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextFloat();
        }
        Tensor image = Tensor.of(Shape.of(1, 32, 32, 3), v);
        double forward = flops(cnn5);
        Target cat = Target.classIndex(3);
        result.put("ig_cnn5", time(repeats, 50 * 2 * forward + forward, () -> {
            Attributions.integratedGradients().explain(compiled, image, cat);
            return 1;
        }, progress));
        result.put("smoothgrad_cnn5", time(repeats, 50 * 2 * forward, () -> {
            Attributions.smoothGrad().explain(compiled, image, cat);
            return 1;
        }, progress));
        result.put("gradcam_cnn5", time(repeats, 2 * forward, () -> {
            Attributions.gradCam().explain(compiled, image, cat);
            return 1;
        }, progress));
        result.put("occlusion_cnn5", time(repeats, 225 * forward, () -> {
            Attributions.occlusion().withWindow(4).withStride(2).explain(compiled, image, cat);
            return 1;
        }, progress));
        List<Attribution> saliency = Attributions.saliency().explain(compiled, image, cat);
        result.put("deletion_insertion_cnn5", time(repeats, 66 * forward, () -> {
            DeletionInsertion di = DeletionInsertion.defaults();
            di.deletion(compiled, image, saliency);
            di.insertion(compiled, image, saliency);
            return 1;
        }, progress));
        float[] ten = new float[10 * 32 * 32 * 3];
        for (int i = 0; i < ten.length; i++) {
            ten[i] = random.nextFloat();
        }
        Tensor images = Tensor.of(Shape.of(10, 32, 32, 3), ten);
        result.put("sanity_cascading_cnn5", time(repeats, 6 * 10 * 2 * forward, () -> {
            SanityCheck.run(backend, cnn5, Attributions.gradient(), images, cat, SanityCheck.Mode.CASCADING, 0);
            return 1;
        }, progress));
        // The feature visualisation issue's workload: CNN5's ten classes, 512 steps, as one batch of 10 (about
        // 10 s a run, so half the repeats).
        List<SaliencyObjective> classes = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            classes.add(FeatureObjectives.classLogit(cnn5.output(), c));
        }
        result.put("vis_cnn5_classes", time(Math.max(2, repeats / 2), 512 * 10 * 2 * forward, () -> {
            FeatureVisualization.defaults().run(compiled, classes);
            return 1;
        }, progress));
    }

    /**
     * Heap bytes allocated per CNN5 step in the step loop, summed over all live threads (the kernels run on the
     * fork-join pool too), from the JVM's per-thread allocation counters: the difference between a run of
     * {@code 2 * steps} epochs and one of {@code steps}, divided by {@code steps}, so that what a run allocates
     * once (its result, its buffers) does not count. Measured after {@value #STEADY_RUNS} more runs, once the JIT
     * has compiled the loop (the vector code boxes every vector until it has).
     */
    private static long allocatedPerStep(CompiledModel compiled, Model cnn5, DoubleTensor grey, int steps) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        if (!(threads instanceof com.sun.management.ThreadMXBean counters) || !counters.isThreadAllocatedMemorySupported()) {
            return -1;
        }
        Optimization shorter = Optimization.minimize(new GradientStep(0.05), steps);
        Optimization longer = Optimization.minimize(new GradientStep(0.05), 2 * steps);
        for (int i = 0; i < STEADY_RUNS; i++) {
            longer.run(compiled, classModel(cnn5, 3), grey);
        }
        long before = total(counters);
        shorter.run(compiled, classModel(cnn5, 3), grey);
        long middle = total(counters);
        longer.run(compiled, classModel(cnn5, 3), grey);
        long after = total(counters);
        return Math.max(0, (after - middle) - (middle - before)) / steps;
    }

    private static long total(com.sun.management.ThreadMXBean counters) {
        long sum = 0;
        for (long b : counters.getThreadAllocatedBytes(counters.getAllThreadIds())) {
            sum += Math.max(b, 0);
        }
        return sum;
    }

    private static SaliencyObjective classModel(Model m, int c) {
        return Objectives.crossEntropy(m.output(), c).plus(Objectives.l2(Notebook.PART1_LAMBDA));
    }

    /**
     * Runs the workload once and says whether the JIT was still at work: whether it spent more than
     * {@value #JIT_QUIET} of the run's time compiling. The first workload of a fresh JVM keeps the JIT busy for
     * seconds (it compiles the vector kernels: 2.2 s of compile time in CNN5's first 50 steps, 0.35 s in the next
     * 50), and runs measured while it compiles came out four times slower than the same steps later.
     */
    @SuppressWarnings("ReturnValueIgnored")
    private static boolean compilesDuring(Supplier<Integer> workload) {
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        long compiledBefore = jit.getTotalCompilationTime();
        long start = System.nanoTime();
        workload.get(); // run for its time; the count of units it returns does not matter here
        double runMillis = (System.nanoTime() - start) / 1e6;
        return jit.getTotalCompilationTime() - compiledBefore > JIT_QUIET * runMillis;
    }

    /**
     * Runs the workload to warm up (at least once and for at least 2 s, and until the JIT is quiet, up to 30 s),
     * then {@code repeats} times; each run returns how many units it did (the seconds reported are per unit).
     */
    private static Map<String, Object> time(int repeats, double flopsPerUnit, Supplier<Integer> workload,
                                            Progress progress) {
        // Warm-up: at least one run and at least WARM_UP_NANOS, so that the JIT has compiled a short workload.
        long warmUpStart = System.nanoTime();
        boolean compiling;
        do {
            compiling = compilesDuring(workload);
        } while (System.nanoTime() - warmUpStart < WARM_UP_NANOS
                || (compiling && System.nanoTime() - warmUpStart < MAX_WARM_UP_NANOS));
        double[] seconds = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long t = System.nanoTime();
            int units = workload.get();
            seconds[r] = (System.nanoTime() - t) / 1e9 / units;
        }
        Arrays.sort(seconds);
        double median = repeats % 2 == 1 ? seconds[repeats / 2] : (seconds[repeats / 2 - 1] + seconds[repeats / 2]) / 2;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("median_s", median);
        m.put("min_s", seconds[0]);
        m.put("runs", repeats);
        if (flopsPerUnit > 0) {
            m.put("gflops", flopsPerUnit / median / 1e9);
        }
        progress.advance(1);
        return m;
    }

    /** Forward FLOPs of one sample: 2 per multiply-add of the convolutions and dense layers ({@link Flops}). */
    static double flops(Model m) {
        return Flops.forward(m);
    }

    /** A VGG16-shaped network (Simonyan and Zisserman 2014, configuration D) with seeded random weights. */
    static Model vgg16() {
        java.util.Random random = new java.util.Random(16);
        Model.Builder b = Model.builder("vgg16_random");
        Layer x = b.input("input", Shape.of(224, 224, 3));
        int[] plan = {64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0};
        int channels = 3;
        int n = 0;
        for (int filters : plan) {
            n++;
            if (filters == 0) {
                x = b.add("pool" + n, "MaxPooling2D", new LayerOp.Pooling2D(LayerOp.PoolMode.MAX, 2, 2, 2, 2,
                        Padding.VALID), Activation.LINEAR, x);
                continue;
            }
            x = b.add("conv" + n, "Conv2D", new LayerOp.Conv2D(uniform(random, 9 * channels, 3, 3, channels, filters),
                    uniform(random, 1, filters), 1, 1, Padding.SAME), Activation.RELU, x);
            channels = filters;
        }
        x = b.add("flatten", "Flatten", new LayerOp.Flatten(), Activation.LINEAR, x);
        int in = 7 * 7 * 512;
        for (int units : new int[] {4096, 4096, 1000}) {
            x = b.add("dense" + units + "_" + n++, "Dense", new LayerOp.Dense(uniform(random, in, in, units),
                    uniform(random, 1, units)), units == 1000 ? Activation.SOFTMAX : Activation.RELU, x);
            in = units;
        }
        return b.build(x);
    }

    /** Uniform in +-sqrt(6 / fanIn) (He et al. 2015's uniform variant), seeded. */
    private static Tensor uniform(java.util.Random random, int fanIn, int... dims) {
        float a = (float) Math.sqrt(6.0 / fanIn);
        float[] v = new float[Shape.of(dims).size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (random.nextFloat() * 2 - 1) * a;
        }
        return Tensor.of(Shape.of(dims), v);
    }

    private static String cpu() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
    }
}
