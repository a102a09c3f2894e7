package org.saliency4j.tensor;

import java.util.Arrays;
import org.saliency4j.ShapeMismatchException;

/**
 * An immutable float32 tensor in row-major order, batch axis first, channels last (Keras' layout).
 *
 * <p>Factories copy the array they are given and {@link #toArray()} returns a copy, so a tensor never changes
 * after it is made.
 */
public final class Tensor {
    private final Shape shape;
    private final float[] data;

    private Tensor(Shape shape, float[] data) {
        this.shape = shape;
        this.data = data;
    }

    /**
     * Creates a tensor from its values in row-major order.
     *
     * @param shape the shape, batch axis first
     * @param data  the values; not modified (copied)
     * @return the tensor
     * @throws ShapeMismatchException if the number of values is not the shape's size
     */
    public static Tensor of(Shape shape, float... data) {
        if (data.length != shape.size()) {
            throw new ShapeMismatchException(
                    "tensor of shape " + shape + " needs " + shape.size() + " values, got " + data.length);
        }
        return new Tensor(shape, data.clone());
    }

    /**
     * Creates a tensor from double values, each rounded to the nearest float.
     *
     * @param shape the shape, batch axis first
     * @param data  the values; not modified
     * @return the tensor
     * @throws ShapeMismatchException if the number of values is not the shape's size
     */
    public static Tensor ofDoubles(Shape shape, double... data) {
        if (data.length != shape.size()) {
            throw new ShapeMismatchException(
                    "tensor of shape " + shape + " needs " + shape.size() + " values, got " + data.length);
        }
        float[] f = new float[data.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) data[i];
        }
        return new Tensor(shape, f);
    }

    /**
     * Creates a tensor with every element equal to one value.
     *
     * @param shape the shape
     * @param value the value of every element
     * @return the tensor
     */
    public static Tensor filled(Shape shape, float value) {
        float[] d = new float[shape.size()];
        Arrays.fill(d, value);
        return new Tensor(shape, d);
    }

    /**
     * Stacks tensors of equal shape along their batch axis.
     *
     * @param parts tensors of equal shape; not modified
     * @return a tensor whose batch is the sum of the parts' batches
     */
    public static Tensor concatBatch(Tensor... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("nothing to concatenate");
        }
        Shape sample = parts[0].shape.withoutBatch();
        int batch = 0;
        for (Tensor t : parts) {
            if (!t.shape.withoutBatch().equals(sample)) {
                throw new ShapeMismatchException("cannot stack a tensor of shape " + t.shape
                        + " with one of shape " + parts[0].shape + ": the per-sample shapes differ");
            }
            batch += t.shape.dim(0);
        }
        float[] d = new float[batch * sample.size()];
        int offset = 0;
        for (Tensor t : parts) {
            System.arraycopy(t.data, 0, d, offset, t.data.length);
            offset += t.data.length;
        }
        return new Tensor(sample.withBatch(batch), d);
    }

    /** @return the shape, batch axis first */
    public Shape shape() {
        return shape;
    }

    /** @return the size of the first (batch) axis */
    public int batchSize() {
        return shape.dim(0);
    }

    /**
     * Returns one element.
     *
     * @param index one index per axis
     * @return the element
     */
    public float get(int... index) {
        return data[shape.offset(index)];
    }

    /** @return a copy of the values in row-major order */
    public float[] toArray() {
        return data.clone();
    }

    /**
     * Copies the values into a caller's array.
     *
     * @param destination receives the values from index 0; Modified.
     */
    public void copyTo(float[] destination) {
        System.arraycopy(data, 0, destination, 0, data.length);
    }

    /**
     * Returns a range of samples along the batch axis.
     *
     * @param from  the first sample, inclusive
     * @param count how many samples
     * @return a new tensor of batch {@code count}
     */
    public Tensor samples(int from, int count) {
        if (from < 0 || count < 1 || from + count > batchSize()) {
            throw new IndexOutOfBoundsException(
                    "samples " + from + ".." + (from + count - 1) + " of a batch of " + batchSize());
        }
        int per = shape.size() / batchSize();
        return new Tensor(shape.withoutBatch().withBatch(count),
                Arrays.copyOfRange(data, from * per, (from + count) * per));
    }

    /**
     * Gives the same values another shape of the same size.
     *
     * @param newShape the new shape
     * @return a tensor with the same values in the same order
     */
    public Tensor reshape(Shape newShape) {
        if (newShape.size() != shape.size()) {
            throw new ShapeMismatchException("cannot reshape " + shape + " to " + newShape + ": sizes differ");
        }
        return new Tensor(newShape, data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && shape.equals(t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * shape.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Tensor" + shape;
    }
}
