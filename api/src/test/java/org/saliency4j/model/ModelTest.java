package org.saliency4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.saliency4j.ModelFormatException;
import org.saliency4j.ShapeMismatchException;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/** The model graph: shape inference at build time, Keras indices and names, truncation. */
class ModelTest {
    private static LayerOp.Conv2D conv(int in, int out) {
        return new LayerOp.Conv2D(Tensor.filled(Shape.of(3, 3, in, out), 0.1f), null, 1, 1, Padding.VALID);
    }

    private static Model sequential() {
        Model.Builder b = Model.builder("seq");
        Layer in = b.input("in", Shape.of(8, 8, 3));
        Layer c = b.add("conv", "Conv2D", conv(3, 4), Activation.RELU, in);
        Layer p = b.add("pool", "MaxPooling2D", new LayerOp.Pooling2D(LayerOp.PoolMode.MAX, 2, 2, 2, 2, Padding.VALID),
                Activation.LINEAR, c);
        Layer f = b.add("flat", "Flatten", new LayerOp.Flatten(), Activation.LINEAR, p);
        Layer d = b.add("dense", "Dense", new LayerOp.Dense(Tensor.filled(Shape.of(36, 2), 0f), null),
                Activation.SOFTMAX, f);
        return b.build(d);
    }

    @Test
    void layersAreAddressableByKerasIndexAndName() {
        Model m = sequential();
        assertThat(m.layers()).extracting(Layer::name).containsExactly("conv", "pool", "flat", "dense");
        assertThat(m.nodes()).extracting(Layer::name).containsExactly("in", "conv", "pool", "flat", "dense");
        assertThat(m.layer(1).name()).isEqualTo("pool");
        assertThat(m.layer("dense")).isSameAs(m.layer(3));
        assertThat(m.indexOf(m.layer("flat"))).isEqualTo(2);
        assertThat(m.indexOf(m.input())).isEqualTo(-1);
        assertThat(m.layer(1).outputShape()).isEqualTo(Shape.of(3, 3, 4));
        assertThat(m.outputShape()).isEqualTo(Shape.of(2));
        assertThat(m.parameterCount()).isEqualTo(3 * 3 * 3 * 4 + 36 * 2);
        assertThatThrownBy(() -> m.layer(4)).isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("0..3");
        assertThatThrownBy(() -> m.layer("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("conv");
    }

    @Test
    void truncationKeepsTheLayerAndWhatFeedsIt() {
        Model m = sequential();
        Model part = m.truncatedAt(1);
        assertThat(part.layers()).extracting(Layer::name).containsExactly("conv", "pool");
        assertThat(part.output()).isSameAs(m.layer(1));
        assertThat(part.outputShape()).isEqualTo(Shape.of(3, 3, 4));
        assertThat(part.contains(m.layer("dense"))).isFalse();
        assertThat(m.truncatedAt("dense").layers()).hasSize(4);
        assertThatThrownBy(() -> part.truncatedAt(m.layer("dense"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dense (Dense)");
    }

    @Test
    void shapesAreCheckedWhenALayerIsAdded() {
        Model.Builder b = Model.builder("bad");
        Layer in = b.input("in", Shape.of(8, 8, 3));
        assertThatThrownBy(() -> b.add("conv", "Conv2D", conv(5, 4), Activation.LINEAR, in))
                .isInstanceOf(ShapeMismatchException.class)
                .hasMessageContaining("'conv' (Conv2D)").hasMessageContaining("(8, 8, 3)").hasMessageContaining("5");
        Layer small = b.add("flat", "Flatten", new LayerOp.Flatten(), Activation.LINEAR, in);
        assertThatThrownBy(() -> b.add("conv2", "Conv2D", conv(192, 1), Activation.LINEAR, small))
                .isInstanceOf(ShapeMismatchException.class).hasMessageContaining("(192,)");
    }

    @Test
    void namesAreUniqueAndInboundLayersBelongToTheGraph() {
        Model.Builder b = Model.builder("g");
        Layer in = b.input("in", Shape.of(4));
        b.add("a", "Dropout", new LayerOp.Dropout(0.1), Activation.LINEAR, in);
        assertThatThrownBy(() -> b.add("a", "Dropout", new LayerOp.Dropout(0.1), Activation.LINEAR, in))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("'a' is used twice");
        Layer foreign = sequential().layer(0);
        assertThatThrownBy(() -> b.add("b", "Dropout", new LayerOp.Dropout(0.1), Activation.LINEAR, foreign))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("not part of this model");
    }

    @Test
    void summaryListsEveryLayerWithItsShapeAndParameters() {
        String s = sequential().summary();
        assertThat(s).contains("conv (Conv2D)", "(None, 6, 6, 4)", "108", "Total params: 180");
    }
}
