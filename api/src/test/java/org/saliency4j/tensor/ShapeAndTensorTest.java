package org.saliency4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.saliency4j.ShapeMismatchException;

/** Shapes and tensors are immutable values that check their arguments. */
class ShapeAndTensorTest {
    @Test
    void shapesAreValuesWithBatchHelpers() {
        Shape s = Shape.of(30, 30, 32);
        assertThat(s).isEqualTo(Shape.of(30, 30, 32)).hasSameHashCodeAs(Shape.of(30, 30, 32));
        assertThat(s.size()).isEqualTo(28_800);
        assertThat(s.dim(-1)).isEqualTo(32);
        assertThat(s.withBatch(4)).isEqualTo(Shape.of(4, 30, 30, 32));
        assertThat(s.withBatch(4).withoutBatch()).isEqualTo(s);
        assertThat(s.toString()).isEqualTo("(30, 30, 32)");
        assertThat(Shape.of(10).toString()).isEqualTo("(10,)");
        assertThat(s.toKerasString()).isEqualTo("(None, 30, 30, 32)");
    }

    @Test
    void shapesRejectNonPositiveDimensionsAndOverflow() {
        assertThatThrownBy(() -> Shape.of(3, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[3, 0]");
        assertThatThrownBy(() -> Shape.of(65536, 65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Shape.of(2).dim(1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void tensorsCopyTheirDataInAndOut() {
        float[] data = {1, 2, 3, 4, 5, 6};
        Tensor t = Tensor.of(Shape.of(1, 2, 3), data);
        data[0] = 99;
        assertThat(t.get(0, 0, 0)).isEqualTo(1);
        t.toArray()[1] = 99;
        assertThat(t.get(0, 0, 1)).isEqualTo(2);
        assertThat(t.get(0, 1, 2)).isEqualTo(6);
    }

    @Test
    void tensorsCheckTheirSizeAndIndices() {
        assertThatThrownBy(() -> Tensor.of(Shape.of(2, 2), 1, 2, 3)).isInstanceOf(ShapeMismatchException.class)
                .hasMessageContaining("(2, 2)").hasMessageContaining("3");
        Tensor t = Tensor.filled(Shape.of(2, 2), 0f);
        assertThatThrownBy(() -> t.get(2, 0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> t.get(0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void samplesAndConcatenationAreInverse() {
        Tensor a = Tensor.of(Shape.of(2, 2), 1, 2, 3, 4);
        Tensor b = Tensor.of(Shape.of(1, 2), 5, 6);
        Tensor ab = Tensor.concatBatch(a, b);
        assertThat(ab.shape()).isEqualTo(Shape.of(3, 2));
        assertThat(ab.samples(1, 2).toArray()).containsExactly(3, 4, 5, 6);
        assertThat(ab.samples(2, 1)).isEqualTo(b);
        assertThatThrownBy(() -> Tensor.concatBatch(a, Tensor.filled(Shape.of(1, 3), 0f)))
                .isInstanceOf(ShapeMismatchException.class);
        assertThatThrownBy(() -> ab.samples(2, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
