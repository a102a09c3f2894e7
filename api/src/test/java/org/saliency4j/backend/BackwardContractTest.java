package org.saliency4j.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
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
import org.saliency4j.testing.ReferenceBackward;
import org.saliency4j.testing.ReferenceForward;
import org.saliency4j.testing.SharedFiles;
import org.saliency4j.testing.TestObjective;

/**
 * The backward pass's part of the contract every backend passes: gradients taken back to any layer, not only the
 * input, through every layer kind, and the {@link BackwardRule}s through ReLU activations. Each backend subclasses
 * it, as it does {@link BackendContractTest}.
 */
public abstract class BackwardContractTest {
    /** As {@link BackendContractTest}'s: float32 rounding against a double-precision reference. */
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

    /**
     * The model with a 1x1 convolution in front of it, named {@code prefix}: the gradient at the prefix's output is
     * the model's own input gradient at the prefix's value.
     */
    private static Model prefixed(Model model) {
        RandomTensors r = new RandomTensors(13);
        Model.Builder b = Model.builder(model.name() + "_prefixed");
        int channels = model.inputShape().dim(-1);
        Layer input = b.inputLayer("prefixed_input", model.inputShape());
        Layer prefix = b.add("prefix", "Conv2D", new LayerOp.Conv2D(r.uniform(Shape.of(1, 1, channels, channels),
                -1, 1), r.uniform(Shape.of(channels), -0.5, 0.5), 1, 1, Padding.VALID), Activation.LINEAR, input);
        Map<Layer, Layer> copies = new IdentityHashMap<>();
        for (Layer l : model.nodes()) {
            if (l.isInput()) {
                copies.put(l, prefix);
                continue;
            }
            Layer[] inbound = l.inbound().stream().map(copies::get).toArray(Layer[]::new);
            copies.put(l, b.add(l.name(), l.kerasClass(), l.op(), l.activation(), inbound));
        }
        return b.build(copies.get(model.output()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.saliency4j.backend.BackendContractTest#layerCases")
    void gradientsBackToAnEarlierLayerMatchTheDoublePrecisionReference(String description, Model model) {
        Model whole = prefixed(model);
        Layer prefix = whole.layer("prefix");
        Layer out = whole.output();
        Tensor x = new RandomTensors(7).uniform(whole.inputShape().withBatch(2), -1, 1);
        try (CompiledModel compiled = backend.compile(whole); ForwardPass pass = compiled.forward(x)) {
            TestObjective objective = out.activation() == Activation.SOFTMAX
                    ? TestObjective.crossEntropyFromLogits(1) : TestObjective.frobeniusNorm();
            LayerValue at = objective.atPreActivation() ? LayerValue.PRE_ACTIVATION : LayerValue.OUTPUT;
            Tensor a = pass.value(out, at);
            Tensor g = Tensor.ofDoubles(a.shape(), objective.gradient(GradientCheck.toDoubles(a.toArray()),
                    out.outputShape().dim(-1)));
            Tensor atPrefix = pass.gradient(out, at, g, prefix, BackwardRule.STANDARD);
            assertThat(atPrefix.shape()).isEqualTo(prefix.outputShape().withBatch(2));
            // The rest of the model, run on its own from the prefix's value, by central differences.
            GradientCheck.assertGradient(model, model.output(), objective,
                    GradientCheck.toDoubles(pass.output(prefix).toArray()), 2,
                    GradientCheck.toDoubles(atPrefix.toArray()), TOLERANCE, description + ", back to the prefix");
        }
    }

    /** Dense 2 -> 2 with relu on (2, 1): pre-activation (3, -1). */
    private static Model twoUnits(Activation activation, boolean reluLayer, double slope) {
        Model.Builder b = Model.builder("two_units");
        Layer in = b.input("in", Shape.of(2));
        Layer dense = b.add("dense", "Dense", new LayerOp.Dense(Tensor.of(Shape.of(2, 2), 1, -1, 1, 1), null),
                activation, in);
        if (reluLayer) {
            dense = b.add("relu", "ReLU", new LayerOp.Relu(Double.POSITIVE_INFINITY, slope, 0), Activation.LINEAR,
                    dense);
        }
        return b.build(dense);
    }

    /**
     * By hand: x = (2, 1), W = [[1, -1], [1, 1]], so pre = x W = (3, -1); the gradient at the relu's output is
     * g = (-1, 2). Standard: g where pre > 0, (-1, 0), then W (-1, 0)^T = (-1, -1). Guided: g where pre > 0 and
     * g > 0, (0, 0), so (0, 0). Deconvnet: max(g, 0) = (0, 2), so W (0, 2)^T = (-2, 2). Redirected: the standard
     * (-1, 0) where not 0, else max(g, 0): (-1, 2), so W (-1, 2)^T = (-3, 1).
     */
    static Stream<Arguments> handCases() {
        return Stream.of(
                Arguments.of(BackwardRule.STANDARD, new float[] {-1, -1}),
                Arguments.of(BackwardRule.GUIDED, new float[] {0, 0}),
                Arguments.of(BackwardRule.DECONVNET, new float[] {-2, 2}),
                Arguments.of(BackwardRule.REDIRECTED, new float[] {-3, 1}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("handCases")
    void eachRuleGivesTheHandComputedGradientThroughAReluActivationAndAReluLayer(BackwardRule rule, float[] dx) {
        Tensor x = Tensor.of(Shape.of(1, 2), 2, 1);
        for (Model m : List.of(twoUnits(Activation.RELU, false, 0), twoUnits(Activation.LINEAR, true, 0))) {
            try (CompiledModel compiled = backend.compile(m); ForwardPass pass = compiled.forward(x)) {
                Tensor g = Tensor.of(Shape.of(1, 2), -1, 2);
                assertThat(pass.gradient(m.output(), LayerValue.OUTPUT, g, m.input(), rule).toArray())
                        .as("%s through %s", rule, m.output().kerasClass()).containsExactly(dx);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(BackwardRule.class)
    void rulesLeaveOtherActivationsAndLeakyReluAlone(BackwardRule rule) {
        Tensor x = Tensor.of(Shape.of(1, 2), 2, 1);
        Tensor g = Tensor.of(Shape.of(1, 2), -1, 2);
        for (Model m : List.of(twoUnits(Activation.TANH, false, 0), twoUnits(Activation.LINEAR, true, 0.3))) {
            try (CompiledModel compiled = backend.compile(m); ForwardPass pass = compiled.forward(x)) {
                assertThat(pass.gradient(m.output(), LayerValue.OUTPUT, g, m.input(), rule).toArray())
                        .as("%s through %s", rule, m.output().kerasClass())
                        .containsExactly(pass.inputGradient(m.output(), g).toArray());
            }
        }
    }

    /** The convolutional chain of {@link BackendContractTest}: Conv2D relu, MaxPooling2D, Flatten, Dropout, Dense. */
    private static Model convolutionalChain() {
        return (Model) BackendContractTest.layerCases()
                .filter(a -> a.get()[0].toString().startsWith("Conv2D, MaxPooling2D")).findFirst().orElseThrow()
                .get()[1];
    }

    @ParameterizedTest
    @EnumSource(BackwardRule.class)
    void eachRuleMatchesTheDoublePrecisionReferenceOnAConvolutionalChain(BackwardRule rule) {
        assertRuleMatchesReference(convolutionalChain(), rule, new RandomTensors(17), 1);
    }

    @ParameterizedTest
    @EnumSource(BackwardRule.class)
    void eachRuleMatchesTheDoublePrecisionReferenceOnCnn5(BackwardRule rule) throws IOException {
        assertRuleMatchesReference(KerasModels.load(SharedFiles.require(SharedFiles.CNN5)), rule, new RandomTensors(19),
                3);
    }

    /** The gradient of the logits of class {@code target}, by the rule, against {@link ReferenceBackward}. */
    private void assertRuleMatchesReference(Model model, BackwardRule rule, RandomTensors random, int target) {
        Tensor x = random.uniform(model.inputShape().withBatch(1), 0, 1);
        Layer out = model.output();
        double[] seed = new double[out.outputShape().size()];
        seed[target] = 1;
        try (CompiledModel compiled = backend.compile(model); ForwardPass pass = compiled.forward(x)) {
            Tensor g = pass.gradient(out, LayerValue.PRE_ACTIVATION, Tensor.ofDoubles(out.outputShape().withBatch(1),
                    seed), model.input(), rule);
            double[] reference = ReferenceBackward.inputGradient(model,
                    ReferenceForward.run(model, GradientCheck.toDoubles(x.toArray()), 1), seed, rule);
            GradientCheck.assertClose(GradientCheck.toDoubles(g.toArray()), reference, TOLERANCE,
                    rule + " gradient of the logit of class " + target + " of " + model.name());
        }
    }

    @Test
    void aGradientBackToTheGivenLayerItselfIsTheGradientAndOtherTargetsAreRefused() {
        Model model = convolutionalChain();
        Layer conv = model.layer(0);
        Layer dense = model.output();
        Tensor x = new RandomTensors(23).uniform(model.inputShape().withBatch(2), -1, 1);
        try (CompiledModel compiled = backend.compile(model); ForwardPass pass = compiled.forward(x)) {
            Tensor g = new RandomTensors(29).uniform(conv.outputShape().withBatch(2), -1, 1);
            assertThat(pass.gradient(conv, LayerValue.OUTPUT, g, conv, BackwardRule.STANDARD)).isEqualTo(g);
            assertThatThrownBy(() -> pass.gradient(conv, LayerValue.PRE_ACTIVATION, g, conv, BackwardRule.STANDARD))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before an activation");
            Tensor atDense = Tensor.filled(dense.outputShape().withBatch(2), 1f);
            assertThatThrownBy(() -> pass.gradient(conv, LayerValue.OUTPUT, g, dense, BackwardRule.STANDARD))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not depend on");
            // Back to the conv layer and on from there is the same as back to the input at once (a chain).
            Tensor atConv = pass.gradient(dense, LayerValue.PRE_ACTIVATION, atDense, conv, BackwardRule.STANDARD);
            assertThat(pass.gradient(conv, LayerValue.OUTPUT, atConv, model.input(), BackwardRule.STANDARD))
                    .isEqualTo(pass.inputGradientFromPreActivation(dense, atDense));
        }
    }

    @Test
    void theArrayFormAddsWhatTheTensorFormReturns() {
        Model model = convolutionalChain();
        Layer conv = model.layer(0);
        Layer dense = model.output();
        Tensor x = new RandomTensors(31).uniform(model.inputShape().withBatch(3), -1, 1);
        try (CompiledModel compiled = backend.compile(model); ForwardPass pass = compiled.forward(x)) {
            double[] seed = new double[dense.outputShape().size() * 3];
            for (int i = 0; i < seed.length; i++) {
                seed[i] = (i % 5 - 2) / 3.0;
            }
            float[] expected = pass.gradient(dense, LayerValue.PRE_ACTIVATION, Tensor.ofDoubles(
                    dense.outputShape().withBatch(3), seed), conv, BackwardRule.GUIDED).toArray();
            double[] into = new double[expected.length];
            java.util.Arrays.fill(into, 0.5);
            pass.addGradient(dense, LayerValue.PRE_ACTIVATION, seed, conv, BackwardRule.GUIDED, into);
            for (int i = 0; i < into.length; i++) {
                assertThat(into[i]).as("element %d", i).isEqualTo(0.5 + expected[i]);
            }
        }
    }
}
