package org.saliency4j.tensor;

import java.util.Arrays;
import org.saliency4j.ShapeMismatchException;

/**
 * An immutable double-precision tensor, batch first: the images that an optimisation changes. The notebook kept
 * them as float64 numpy arrays while the network ran in float32; {@link #toFloat()} is that cast.
 */
public final class DoubleTensor {
    private final Shape shape;
    private final double[] data;

    private DoubleTensor(Shape shape, double[] data) {
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
    public static DoubleTensor of(Shape shape, double... data) {
        if (data.length != shape.size()) {
            throw new ShapeMismatchException(
                    "tensor of shape " + shape + " needs " + shape.size() + " values, got " + data.length);
        }
        return new DoubleTensor(shape, data.clone());
    }

    /**
     * Creates a tensor with every element equal to one value, such as the notebook's grey start image.
     *
     * @param shape the shape
     * @param value the value of every element
     * @return the tensor
     */
    public static DoubleTensor filled(Shape shape, double value) {
        double[] d = new double[shape.size()];
        Arrays.fill(d, value);
        return new DoubleTensor(shape, d);
    }

    /**
     * Widens a float tensor exactly.
     *
     * @param t the float tensor
     * @return the same values in double precision
     */
    public static DoubleTensor fromFloat(Tensor t) {
        float[] f = t.toArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return new DoubleTensor(t.shape(), d);
    }

    /** @return the shape, batch axis first */
    public Shape shape() {
        return shape;
    }

    /** @return the size of the first (batch) axis */
    public int batchSize() {
        return shape.dim(0);
    }

    /** @return a copy of the values in row-major order */
    public double[] toArray() {
        return data.clone();
    }

    /**
     * Returns one element.
     *
     * @param index one index per axis
     * @return the element
     */
    public double get(int... index) {
        return data[shape.offset(index)];
    }

    /**
     * Returns a range of samples along the batch axis.
     *
     * @param from  the first sample, inclusive
     * @param count how many samples
     * @return a new tensor of batch {@code count}
     */
    public DoubleTensor samples(int from, int count) {
        if (from < 0 || count < 1 || from + count > batchSize()) {
            throw new IndexOutOfBoundsException(
                    "samples " + from + ".." + (from + count - 1) + " of a batch of " + batchSize());
        }
        int per = shape.size() / batchSize();
        return new DoubleTensor(shape.withoutBatch().withBatch(count),
                Arrays.copyOfRange(data, from * per, (from + count) * per));
    }

    /**
     * Stacks tensors of equal per-sample shape along their batch axis.
     *
     * @param parts the tensors; not modified
     * @return a tensor whose batch is the sum of the parts' batches
     */
    public static DoubleTensor concatBatch(DoubleTensor... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("nothing to concatenate");
        }
        Shape sample = parts[0].shape.withoutBatch();
        int batch = 0;
        for (DoubleTensor t : parts) {
            if (!t.shape.withoutBatch().equals(sample)) {
                throw new ShapeMismatchException("cannot stack a tensor of shape " + t.shape
                        + " with one of shape " + parts[0].shape + ": the per-sample shapes differ");
            }
            batch += t.batchSize();
        }
        double[] d = new double[batch * sample.size()];
        int offset = 0;
        for (DoubleTensor t : parts) {
            System.arraycopy(t.data, 0, d, offset, t.data.length);
            offset += t.data.length;
        }
        return new DoubleTensor(sample.withBatch(batch), d);
    }

    /** @return the values rounded to float32, as Keras casts a float64 input */
    public Tensor toFloat() {
        return Tensor.ofDoubles(shape, data);
    }

    /** @return the Frobenius norm of all elements, {@code sqrt(sum x^2)} */
    public double norm() {
        double s = 0;
        for (double v : data) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DoubleTensor t && shape.equals(t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * shape.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "DoubleTensor" + shape;
    }
}
