package org.saliency4j.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.saliency4j.ShapeMismatchException;
import org.saliency4j.keras.KerasModels;
import org.saliency4j.model.Activation;
import org.saliency4j.model.Layer;
import org.saliency4j.model.LayerOp;
import org.saliency4j.model.Model;
import org.saliency4j.model.Padding;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;
import org.saliency4j.testing.GradientCheck;
import org.saliency4j.testing.RandomTensors;
import org.saliency4j.testing.SharedFiles;
import org.saliency4j.testing.TestObjective;

/**
 * The contract every backend must pass: forward values of each layer against hand-computed results, input
 * gradients of each layer and of the real CIFAR-10 model against finite differences, batch independence and the
 * shape errors. A backend's test module subclasses it and supplies the backend.
 */
public abstract class BackendContractTest {
    /**
     * Allowed error of forward values and gradients, as a fraction of the largest element compared: float32
     * rounding gives errors near 1e-6 even on CIFAR-10_CNN5's 1024-term sums, while scaling one gradient term
     * by 0.999 already fails it.
     */
    private static final double TOLERANCE = 1e-4;

    private Backend backend;

    /** @return a new backend of the kind under test */
    protected abstract Backend createBackend();

    @BeforeEach
    void open() {
        backend = createBackend();
    }

    @AfterEach
    void close() {
        backend.close();
    }

    /** A small model whose input layer feeds a chain of layers, with weights drawn from a fixed seed. */
    private static final class Chain {
        private final Model.Builder builder;
        private Layer last;
        private int count;

        Chain(String name, Shape input) {
            builder = Model.builder(name);
            last = builder.input("input", input);
        }

        Chain then(String kerasClass, LayerOp op, Activation activation) {
            last = builder.add(kerasClass.toLowerCase(Locale.ROOT) + "_" + ++count, kerasClass, op, activation, last);
            return this;
        }

        Model build() {
            return builder.build(last);
        }
    }

    private static Tensor weights(RandomTensors r, int... dims) {
        return r.uniform(Shape.of(dims), -0.5, 0.5);
    }

    private static LayerOp.Conv2D conv(RandomTensors r, int k0, int k1, int in, int out, int s0, int s1,
                                       Padding padding, boolean bias) {
        return new LayerOp.Conv2D(weights(r, k0, k1, in, out), bias ? weights(r, out) : null, s0, s1, padding);
    }

    private static LayerOp.Dense dense(RandomTensors r, int in, int out) {
        return new LayerOp.Dense(weights(r, in, out), weights(r, out));
    }

    /** A functional graph: the input feeds two convolutions and itself into a merge, then a dense layer. */
    private static Model branches(RandomTensors r, LayerOp merge) {
        Model.Builder b = Model.builder("branches");
        Layer in = b.inputLayer("input", Shape.of(5, 5, 2));
        Layer left = b.add("left", "Conv2D", conv(r, 3, 3, 2, 2, 1, 1, Padding.SAME, true), Activation.RELU, in);
        Layer right = b.add("right", "Conv2D", conv(r, 1, 1, 2, 2, 1, 1, Padding.SAME, true), Activation.TANH, in);
        Layer merged = merge instanceof LayerOp.Merge m && m.kind() == LayerOp.MergeKind.SUBTRACT
                ? b.add("merge", "Subtract", merge, Activation.LINEAR, left, right)
                : b.add("merge", merge.getClass().getSimpleName(), merge, Activation.LINEAR, left, right, in);
        Layer flat = b.add("flat", "Flatten", new LayerOp.Flatten(), Activation.LINEAR, merged);
        return b.build(b.add("out", "Dense", dense(r, merged.outputShape().size(), 3), Activation.SOFTMAX, flat));
    }

    /** Every supported layer, in the configurations whose arithmetic differs. */
    public static Stream<Arguments> layerCases() {
        RandomTensors r = new RandomTensors(42);
        List<Arguments> cases = new ArrayList<>();
        cases.add(Arguments.of("Conv2D 3x3 valid, bias, relu", new Chain("c1", Shape.of(6, 7, 3))
                .then("Conv2D", conv(r, 3, 3, 3, 4, 1, 1, Padding.VALID, true), Activation.RELU).build()));
        cases.add(Arguments.of("Conv2D 3x3 same stride 2, asymmetric padding, no bias", new Chain("c2", Shape.of(7, 8, 2))
                .then("Conv2D", conv(r, 3, 3, 2, 3, 2, 2, Padding.SAME, false), Activation.LINEAR).build()));
        cases.add(Arguments.of("Conv2D 2x2 same, padding after only", new Chain("c3", Shape.of(5, 5, 2))
                .then("Conv2D", conv(r, 2, 2, 2, 3, 1, 1, Padding.SAME, true), Activation.TANH).build()));
        cases.add(Arguments.of("Conv2D 3x2 valid strides 2x1", new Chain("c4", Shape.of(7, 6, 2))
                .then("Conv2D", conv(r, 3, 2, 2, 3, 2, 1, Padding.VALID, true), Activation.LINEAR).build()));
        cases.add(Arguments.of("MaxPooling2D 2x2 valid, odd input", new Chain("p1", Shape.of(5, 7, 3))
                .then("MaxPooling2D", new LayerOp.Pooling2D(LayerOp.PoolMode.MAX, 2, 2, 2, 2, Padding.VALID),
                        Activation.LINEAR).build()));
        cases.add(Arguments.of("MaxPooling2D 3x3 same stride 2", new Chain("p2", Shape.of(6, 5, 2))
                .then("MaxPooling2D", new LayerOp.Pooling2D(LayerOp.PoolMode.MAX, 3, 3, 2, 2, Padding.SAME),
                        Activation.LINEAR).build()));
        cases.add(Arguments.of("AveragePooling2D 2x2 valid", new Chain("a1", Shape.of(5, 4, 2))
                .then("AveragePooling2D", new LayerOp.Pooling2D(LayerOp.PoolMode.AVERAGE, 2, 2, 2, 2, Padding.VALID),
                        Activation.LINEAR).build()));
        cases.add(Arguments.of("AveragePooling2D 3x3 same stride 2", new Chain("a2", Shape.of(6, 5, 2))
                .then("AveragePooling2D", new LayerOp.Pooling2D(LayerOp.PoolMode.AVERAGE, 3, 3, 2, 2, Padding.SAME),
                        Activation.LINEAR).build()));
        cases.add(Arguments.of("Conv2D, MaxPooling2D, Flatten, Dropout, Dense", new Chain("cnn", Shape.of(8, 8, 2))
                .then("Conv2D", conv(r, 3, 3, 2, 4, 1, 1, Padding.VALID, true), Activation.RELU)
                .then("MaxPooling2D", new LayerOp.Pooling2D(LayerOp.PoolMode.MAX, 2, 2, 2, 2, Padding.VALID),
                        Activation.LINEAR)
                .then("Flatten", new LayerOp.Flatten(), Activation.LINEAR)
                .then("Dropout", new LayerOp.Dropout(0.5), Activation.LINEAR)
                .then("Dense", dense(r, 36, 5), Activation.SOFTMAX).build()));
        cases.add(Arguments.of("Dense on the last axis of a rank-3 input", new Chain("d3", Shape.of(2, 3, 4))
                .then("Dense", dense(r, 4, 3), Activation.LINEAR).build()));
        for (Activation a : Activation.values()) {
            cases.add(Arguments.of("Flatten, Dense with " + a.kerasName(), new Chain("d_" + a, Shape.of(3, 2, 2))
                    .then("Flatten", new LayerOp.Flatten(), Activation.LINEAR)
                    .then("Dense", dense(r, 12, 4), a).build()));
            cases.add(Arguments.of("Activation layer " + a.kerasName(), new Chain("act_" + a, Shape.of(3, 3, 2))
                    .then("Activation", new LayerOp.Identity(), a).build()));
        }
        cases.add(Arguments.of("BatchNormalization", new Chain("bn", Shape.of(3, 4, 3))
                .then("BatchNormalization", new LayerOp.BatchNorm(r.uniform(Shape.of(3), 0.5, 1.5),
                        r.uniform(Shape.of(3), -0.5, 0.5), r.uniform(Shape.of(3), -0.2, 0.2),
                        r.uniform(Shape.of(3), 0.5, 2), 1e-3), Activation.LINEAR).build()));
        cases.add(Arguments.of("ZeroPadding2D then Conv2D", new Chain("zp", Shape.of(4, 5, 2))
                .then("ZeroPadding2D", new LayerOp.ZeroPadding2D(1, 0, 2, 1), Activation.LINEAR)
                .then("Conv2D", conv(r, 3, 3, 2, 2, 2, 2, Padding.VALID, true), Activation.LINEAR).build()));
        cases.add(Arguments.of("GlobalAveragePooling2D", new Chain("gap", Shape.of(3, 4, 3))
                .then("GlobalAveragePooling2D", new LayerOp.GlobalPooling2D(LayerOp.PoolMode.AVERAGE),
                        Activation.LINEAR).build()));
        cases.add(Arguments.of("GlobalMaxPooling2D", new Chain("gmp", Shape.of(3, 4, 3))
                .then("GlobalMaxPooling2D", new LayerOp.GlobalPooling2D(LayerOp.PoolMode.MAX), Activation.LINEAR).build()));
        cases.add(Arguments.of("Reshape then Dense", new Chain("rs", Shape.of(2, 3, 2))
                .then("Reshape", new LayerOp.Reshape(Shape.of(3, 4)), Activation.LINEAR)
                .then("Dense", dense(r, 4, 2), Activation.TANH).build()));
        cases.add(Arguments.of("DepthwiseConv2D same stride 2, multiplier 2", new Chain("dw", Shape.of(7, 6, 3))
                .then("DepthwiseConv2D", new LayerOp.DepthwiseConv2D(weights(r, 3, 3, 3, 2), weights(r, 6), 2, 2,
                        Padding.SAME), Activation.RELU).build()));
        cases.add(Arguments.of("Rescaling and Normalization (per-channel affine)", new Chain("affine", Shape.of(3, 3, 3))
                .then("Normalization", new LayerOp.Affine(r.uniform(Shape.of(3), 0.5, 2), r.uniform(Shape.of(3), -1, 1)),
                        Activation.LINEAR)
                .then("Rescaling", new LayerOp.Affine(Tensor.of(Shape.of(1), 0.5f), Tensor.of(Shape.of(1), -0.25f)),
                        Activation.SIGMOID).build()));
        cases.add(Arguments.of("Cropping2D then UpSampling2D", new Chain("crop", Shape.of(5, 6, 2))
                .then("Cropping2D", new LayerOp.Cropping2D(1, 0, 2, 1), Activation.LINEAR)
                .then("UpSampling2D", new LayerOp.UpSampling2D(2, 3), Activation.LINEAR)
                .then("Conv2D", conv(r, 3, 3, 2, 2, 2, 2, Padding.VALID, true), Activation.LINEAR).build()));
        cases.add(Arguments.of("Permute then Dense", new Chain("perm", Shape.of(2, 3, 4))
                .then("Permute", new LayerOp.Permute(List.of(2, 0, 1)), Activation.LINEAR)
                .then("Dense", dense(r, 3, 2), Activation.LINEAR).build()));
        cases.add(Arguments.of("PReLU shared over height and width", new Chain("prelu", Shape.of(3, 4, 2))
                .then("PReLU", new LayerOp.PRelu(r.uniform(Shape.of(1, 1, 2), 0.1, 0.4)), Activation.LINEAR).build()));
        cases.add(Arguments.of("LeakyReLU", new Chain("leaky", Shape.of(4, 4, 2))
                .then("LeakyReLU", new LayerOp.Relu(Double.POSITIVE_INFINITY, 0.3, 0), Activation.LINEAR).build()));
        for (LayerOp.MergeKind kind : LayerOp.MergeKind.values()) {
            cases.add(Arguments.of("functional graph merged by " + kind, branches(r, new LayerOp.Merge(kind))));
        }
        cases.add(Arguments.of("functional graph merged by Concatenate", branches(r, new LayerOp.Concatenate(-1))));
        cases.add(Arguments.of("ReLU layer with max_value, negative_slope and threshold", new Chain("relu", Shape.of(4, 4, 2))
                .then("ReLU", new LayerOp.Relu(0.6, 0.2, 0.1), Activation.LINEAR).build()));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layerCases")
    void forwardAndInputGradientsMatchTheDoublePrecisionReference(String description, Model model) {
        Tensor x = new RandomTensors(7).uniform(model.inputShape().withBatch(2), -1, 1);
        Layer out = model.output();
        try (CompiledModel compiled = backend.compile(model)) {
            int channel = GradientCheck.strongestChannel(outputOf(compiled, x, out));
            List<TestObjective> objectives = new ArrayList<>(List.of(
                    TestObjective.frobeniusNorm(), TestObjective.channelNorm(channel)));
            // The sum of a softmax is constant: its gradient vanishes, so softmax outputs get the cross-entropy.
            objectives.add(out.activation() == Activation.SOFTMAX
                    ? TestObjective.crossEntropyFromLogits(1) : TestObjective.sum());
            for (TestObjective objective : objectives) {
                GradientCheck.assertMatches(compiled, out, objective, x, TOLERANCE);
            }
        }
    }

    private Tensor run(Model model, Tensor input) {
        try (CompiledModel compiled = backend.compile(model); ForwardPass pass = compiled.forward(input)) {
            return pass.output();
        }
    }

    /** A layer's output, from a pass closed before returning (the tensor outlives it). */
    private static Tensor outputOf(CompiledModel compiled, Tensor input, Layer at) {
        try (ForwardPass pass = compiled.forward(input)) {
            return pass.output(at);
        }
    }

    private static Model single(Shape input, String kerasClass, LayerOp op, Activation activation) {
        Model.Builder b = Model.builder("single");
        return b.build(b.add("layer", kerasClass, op, activation, b.input("input", input)));
    }

    @Test
    void aClosedPassRefusesToBeUsedAndANewOneGivesTheSameResults() {
        Model model = new Chain("closed", Shape.of(6, 6, 2))
                .then("Conv2D", conv(new RandomTensors(20), 3, 3, 2, 4, 1, 1, Padding.SAME, true), Activation.RELU)
                .build();
        Tensor x = new RandomTensors(21).uniform(model.inputShape().withBatch(2), -1, 1);
        try (CompiledModel compiled = backend.compile(model)) {
            ForwardPass first = compiled.forward(x);
            Tensor out = first.output();
            first.close();
            first.close(); // idempotent
            assertThatThrownBy(first::output).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> first.inputGradient(model.output(), out))
                    .isInstanceOf(IllegalStateException.class);
            // The next pass may reuse the first one's memory; the tensor taken before closing is unaffected.
            try (ForwardPass second = compiled.forward(x)) {
                assertThat(second.output().toArray()).containsExactly(out.toArray());
            }
        }
    }

    @Test
    void sameConvolutionPadsAfterWhenThePaddingIsOdd() {
        // TensorFlow's rule: total padding 1 goes after the input, none before. Kernel digits make each product
        // visible: out[0,0] = 1*1 + 2*10 + 3*100 + 4*1000.
        Tensor kernel = Tensor.of(Shape.of(2, 2, 1, 1), 1, 10, 100, 1000);
        Model m = single(Shape.of(2, 2, 1), "Conv2D", new LayerOp.Conv2D(kernel, null, 1, 1, Padding.SAME),
                Activation.LINEAR);
        Tensor y = run(m, Tensor.of(Shape.of(1, 2, 2, 1), 1, 2, 3, 4));
        assertThat(y.toArray()).containsExactly(4321, 402, 43, 4);
    }

    @Test
    void convolutionAddsBiasAndAppliesActivation() {
        Tensor kernel = Tensor.of(Shape.of(1, 1, 2, 2), 1, -1, 2, -2);
        Model m = single(Shape.of(1, 1, 2), "Conv2D",
                new LayerOp.Conv2D(kernel, Tensor.of(Shape.of(2), 0.5f, 0.5f), 1, 1, Padding.VALID), Activation.RELU);
        Tensor y = run(m, Tensor.of(Shape.of(1, 1, 1, 2), 1, 1));
        assertThat(y.toArray()).containsExactly(3.5f, 0f);
    }

    @Test
    void maxPoolTiesSendTheGradientToTheFirstMaximumInRowMajorOrder() {
        Model m = single(Shape.of(2, 4, 1), "MaxPooling2D",
                new LayerOp.Pooling2D(LayerOp.PoolMode.MAX, 2, 2, 2, 2, Padding.VALID), Activation.LINEAR);
        // Left window: all four equal. Right window: the maximum 1 at (0, 3) and (1, 2).
        Tensor x = Tensor.of(Shape.of(1, 2, 4, 1), 0.5f, 0.5f, 0f, 1f, 0.5f, 0.5f, 1f, 0f);
        try (CompiledModel compiled = backend.compile(m); ForwardPass pass = compiled.forward(x)) {
            assertThat(pass.output().toArray()).containsExactly(0.5f, 1f);
            Tensor g = pass.inputGradient(m.output(), Tensor.of(Shape.of(1, 1, 2, 1), 3, 5));
            assertThat(g.toArray()).containsExactly(3, 0, 0, 5, 0, 0, 0, 0);
        }
    }

    @Test
    void averagePoolWithSamePaddingCountsOnlyRealPositions() {
        Model m = single(Shape.of(3, 3, 1), "AveragePooling2D",
                new LayerOp.Pooling2D(LayerOp.PoolMode.AVERAGE, 2, 2, 2, 2, Padding.SAME), Activation.LINEAR);
        Tensor y = run(m, Tensor.of(Shape.of(1, 3, 3, 1), 1, 2, 3, 4, 5, 6, 7, 8, 9));
        assertThat(y.toArray()).containsExactly(3f, 4.5f, 7.5f, 9f);
    }

    @Test
    void denseComputesXTimesKernelPlusBias() {
        Model m = single(Shape.of(2), "Dense", new LayerOp.Dense(Tensor.of(Shape.of(2, 3), 1, 2, 3, 4, 5, 6),
                Tensor.of(Shape.of(3), 0.5f, 0f, -1f)), Activation.LINEAR);
        assertThat(run(m, Tensor.of(Shape.of(1, 2), 1, 2)).toArray()).containsExactly(9.5f, 12f, 14f);
    }

    @Test
    void flattenKeepsHeightWidthChannelOrder() {
        Model m = single(Shape.of(2, 2, 2), "Flatten", new LayerOp.Flatten(), Activation.LINEAR);
        Tensor y = run(m, Tensor.of(Shape.of(1, 2, 2, 2), 0, 1, 2, 3, 4, 5, 6, 7));
        assertThat(y.shape()).isEqualTo(Shape.of(1, 8));
        assertThat(y.toArray()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    }

    /**
     * Keras' activation definitions (keras/src/activations/activations.py), written again here in double precision
     * and keyed by Keras name, so that every activation the enum gains needs its definition here too. SELU's
     * constants are Klambauer et al.'s, as Keras writes them.
     */
    private static final Map<String, DoubleUnaryOperator> KERAS_ACTIVATIONS = Map.of(
            "linear", v -> v,
            "relu", v -> Math.max(0, v),
            "sigmoid", v -> 1 / (1 + Math.exp(-v)),
            "tanh", Math::tanh,
            "elu", v -> v > 0 ? v : Math.exp(v) - 1,
            "selu", v -> 1.0507009873554804934193349852946
                    * (v > 0 ? v : 1.6732632423543772848170429916717 * (Math.exp(v) - 1)),
            "softplus", v -> Math.log(1 + Math.exp(v)),
            "swish", v -> v / (1 + Math.exp(-v)));

    @Test
    void activationsHaveKerasValues() {
        float[] x = {-1f, 0.5f, 2f};
        for (Activation a : Activation.values()) {
            double[] expected = new double[3];
            if (a == Activation.SOFTMAX) {
                double sum = Math.exp(-1) + Math.exp(0.5) + Math.exp(2);
                for (int i = 0; i < 3; i++) {
                    expected[i] = Math.exp(x[i]) / sum;
                }
            } else {
                DoubleUnaryOperator f = KERAS_ACTIVATIONS.get(a.kerasName());
                assertThat(f).as("Keras' definition of %s, in this test", a.kerasName()).isNotNull();
                for (int i = 0; i < 3; i++) {
                    expected[i] = f.applyAsDouble(x[i]);
                }
            }
            Model m = single(Shape.of(3), "Activation", new LayerOp.Identity(), a);
            float[] y = run(m, Tensor.of(Shape.of(1, 3), x)).toArray();
            for (int i = 0; i < 3; i++) {
                // float32 results of values near 1: a few units in the last place.
                assertThat((double) y[i]).as("%s(%s)", a, x[i]).isCloseTo(expected[i], within(1e-6));
            }
        }
        // Spot values from Python's math module, so that a definition above copied wrongly would show too.
        assertThat(KERAS_ACTIVATIONS.get("selu").applyAsDouble(-1)).isCloseTo(-1.1113307, within(1e-7));
        assertThat(KERAS_ACTIVATIONS.get("swish").applyAsDouble(2)).isCloseTo(1.7615942, within(1e-7));
    }

    @Test
    void reluLayerHonoursMaxValueSlopeAndThreshold() {
        Model m = single(Shape.of(4), "ReLU", new LayerOp.Relu(0.6, 0.2, 0.1), Activation.LINEAR);
        float[] y = run(m, Tensor.of(Shape.of(1, 4), -1f, 0.3f, 0.6f, 2f)).toArray();
        assertThat(y[0]).isCloseTo(-0.22f, within(1e-7f));
        assertThat(y).containsSubsequence(0.3f, 0.6f, 0.6f);
    }

    @Test
    void eachSampleOfABatchGetsTheGradientItWouldGetAlone() {
        Model model = (Model) layerCases().filter(a -> a.get()[0].toString().startsWith("Conv2D, MaxPooling2D"))
                .findFirst().orElseThrow().get()[1];
        Tensor batch = new RandomTensors(3).uniform(model.inputShape().withBatch(3), -1, 1);
        Layer out = model.output();
        try (CompiledModel compiled = backend.compile(model); ForwardPass pass = compiled.forward(batch)) {
            Tensor ones = Tensor.filled(pass.preActivation(out).shape(), 1f);
            Tensor together = pass.inputGradientFromPreActivation(out, ones);
            for (int s = 0; s < 3; s++) {
                try (ForwardPass alone = compiled.forward(batch.samples(s, 1))) {
                    Tensor g = alone.inputGradientFromPreActivation(out,
                            Tensor.filled(alone.preActivation(out).shape(), 1f));
                    assertThat(together.samples(s, 1).toArray()).containsExactly(g.toArray());
                }
            }
        }
    }

    @Test
    void theArrayMethodsGiveTheTensorMethodsValues() {
        Model model = (Model) layerCases().filter(a -> a.get()[0].toString().startsWith("Conv2D, MaxPooling2D"))
                .findFirst().orElseThrow().get()[1];
        Layer out = model.output();
        Layer first = model.layer(0);
        Shape shape = model.inputShape().withBatch(2);
        RandomTensors random = new RandomTensors(8);
        double[] x = new double[shape.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.uniform(Shape.of(1), -1, 1).toArray()[0] / 3.0; // not representable in float: rounded
        }
        try (CompiledModel compiled = backend.compile(model);
             ForwardPass byTensor = compiled.forward(Tensor.ofDoubles(shape, x));
             ForwardPass byArray = compiled.forward(shape, x)) {
            float[] output = new float[byTensor.output(first).shape().size()];
            byArray.copyOutput(first, output);
            assertThat(output).containsExactly(byTensor.output(first).toArray());
            float[] logits = new float[byTensor.preActivation(out).shape().size()];
            byArray.copyPreActivation(out, logits);
            assertThat(logits).containsExactly(byTensor.preActivation(out).toArray());

            double[] seed = new double[logits.length];
            for (int i = 0; i < seed.length; i++) {
                seed[i] = (i % 3 - 1) / 7.0;
            }
            float[] expected = byTensor.inputGradientFromPreActivation(out, Tensor.ofDoubles(
                    byTensor.preActivation(out).shape(), seed)).toArray();
            double[] into = new double[x.length];
            java.util.Arrays.fill(into, 0.5);
            byArray.addInputGradientFromPreActivation(out, seed, into);
            for (int i = 0; i < into.length; i++) {
                assertThat(into[i]).as("element %d", i).isEqualTo(0.5 + expected[i]);
            }
            double[] atOutput = new double[output.length];
            java.util.Arrays.fill(atOutput, 0.25);
            float[] viaOutput = byTensor.inputGradient(first, Tensor.ofDoubles(byTensor.output(first).shape(),
                    atOutput)).toArray();
            double[] sum = new double[x.length];
            byArray.addInputGradient(first, atOutput, sum);
            for (int i = 0; i < sum.length; i++) {
                assertThat(sum[i]).as("element %d", i).isEqualTo((double) viaOutput[i]);
            }

            assertThatThrownBy(() -> byArray.copyOutput(first, new float[3])).isInstanceOf(
                    ShapeMismatchException.class);
            assertThatThrownBy(() -> byArray.addInputGradient(first, new double[3], new double[x.length]))
                    .isInstanceOf(ShapeMismatchException.class).hasMessageContaining("3");
            assertThatThrownBy(() -> compiled.forward(shape, new double[5])).isInstanceOf(
                    ShapeMismatchException.class);
        }
    }

    @Test
    void truncatedModelGivesTheSameGradientAsTheFullModelAtThatLayer() {
        Model model = (Model) layerCases().filter(a -> a.get()[0].toString().startsWith("Conv2D, MaxPooling2D"))
                .findFirst().orElseThrow().get()[1];
        Layer conv = model.layer(0);
        Model partial = model.truncatedAt(conv);
        Tensor x = new RandomTensors(5).uniform(model.inputShape().withBatch(1), -1, 1);
        try (CompiledModel full = backend.compile(model); CompiledModel part = backend.compile(partial);
             ForwardPass a = full.forward(x); ForwardPass b = part.forward(x)) {
            Tensor g = Tensor.filled(a.output(conv).shape(), 1f);
            assertThat(b.output().toArray()).containsExactly(a.output(conv).toArray());
            assertThat(b.inputGradient(conv, g).toArray()).containsExactly(a.inputGradient(conv, g).toArray());
        }
    }

    @Test
    void inputOfTheWrongShapeIsRejectedWithBothShapes() {
        Model m = single(Shape.of(4, 4, 3), "Flatten", new LayerOp.Flatten(), Activation.LINEAR);
        try (CompiledModel compiled = backend.compile(m)) {
            assertThatThrownBy(() -> compiled.forward(Tensor.filled(Shape.of(1, 4, 4, 1), 0f)))
                    .isInstanceOf(ShapeMismatchException.class)
                    .hasMessageContaining("(1, 4, 4, 1)").hasMessageContaining("(None, 4, 4, 3)");
        }
    }

    @Test
    void gradientOfTheWrongShapeIsRejected() {
        Model m = single(Shape.of(2, 2, 1), "Flatten", new LayerOp.Flatten(), Activation.LINEAR);
        try (CompiledModel compiled = backend.compile(m);
             ForwardPass pass = compiled.forward(Tensor.filled(Shape.of(1, 2, 2, 1), 0f))) {
            assertThatThrownBy(() -> pass.inputGradient(m.output(), Tensor.filled(Shape.of(1, 3), 0f)))
                    .isInstanceOf(ShapeMismatchException.class).hasMessageContaining("(1, 3)").hasMessageContaining("(1, 4)");
        }
    }

    /** The notebook's layers (Keras indices 0, 2, 4, 7, 8) of the real CIFAR-10 model, with each objective. */
    static Stream<Arguments> cnn5Cases() {
        return Stream.of(
                Arguments.of(0, "sum"), Arguments.of(0, "frobenius"), Arguments.of(0, "channel"),
                Arguments.of(2, "frobenius"), Arguments.of(2, "channel"),
                Arguments.of(4, "frobenius"), Arguments.of(4, "sum"),
                Arguments.of(7, "frobenius"), Arguments.of(7, "channel"),
                Arguments.of(8, "cross-entropy of class 3"), Arguments.of(8, "cross-entropy of class 7"));
    }

    @ParameterizedTest(name = "layer {0}, {1}")
    @MethodSource("cnn5Cases")
    void cnn5ForwardAndInputGradientsMatchTheDoublePrecisionReference(int layer, String objectiveName)
            throws IOException {
        Model model = KerasModels.load(SharedFiles.require(SharedFiles.CNN5));
        Tensor x = new RandomTensors(11).uniform(model.inputShape().withBatch(1), 0, 1);
        Layer at = model.layer(layer);
        try (CompiledModel compiled = backend.compile(model)) {
            TestObjective objective = switch (objectiveName) {
                case "sum" -> TestObjective.sum();
                case "frobenius" -> TestObjective.frobeniusNorm();
                case "channel" -> TestObjective.channelNorm(GradientCheck.strongestChannel(outputOf(compiled, x, at)));
                default -> TestObjective.crossEntropyFromLogits(objectiveName.endsWith("3") ? 3 : 7);
            };
            GradientCheck.assertMatches(compiled, at, objective, x, TOLERANCE);
        }
    }
}
