package org.saliency4j.tensor;

import java.util.Arrays;
import java.util.StringJoiner;

/**
 * An immutable list of positive dimensions.
 *
 * <p>Layer shapes are per sample, as Keras prints them without the batch axis ({@code (30, 30, 32)}); tensor
 * shapes include the batch axis first ({@code (1, 30, 30, 32)}). {@link #withBatch(int)} and
 * {@link #withoutBatch()} convert between the two.
 */
public final class Shape {
    private final int[] dims;

    private Shape(int[] dims) {
        this.dims = dims;
    }

    /**
     * Creates a shape.
     *
     * @param dims the dimensions, each at least 1; not modified
     * @return the shape
     * @throws IllegalArgumentException if a dimension is below 1 or the element count overflows an int
     */
    public static Shape of(int... dims) {
        int[] copy = dims.clone();
        long size = 1;
        for (int d : copy) {
            if (d < 1) {
                throw new IllegalArgumentException("dimensions must be positive, got " + Arrays.toString(dims));
            }
            size *= d;
            if (size > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " has more than 2^31-1 elements");
            }
        }
        return new Shape(copy);
    }

    /** @return the number of dimensions */
    public int rank() {
        return dims.length;
    }

    /**
     * Returns one dimension.
     *
     * @param axis the axis, from 0; negative values count from the end (-1 is the last axis)
     * @return the dimension along that axis
     */
    public int dim(int axis) {
        int a = axis < 0 ? dims.length + axis : axis;
        if (a < 0 || a >= dims.length) {
            throw new IndexOutOfBoundsException("axis " + axis + " of shape " + this);
        }
        return dims[a];
    }

    /** @return the number of elements, the product of the dimensions (1 for rank 0) */
    public int size() {
        int size = 1;
        for (int d : dims) {
            size *= d;
        }
        return size;
    }

    /**
     * The row-major position of an element.
     *
     * @param index one index per axis
     * @return the position in a row-major array of this shape
     * @throws IndexOutOfBoundsException when an index is outside its axis or the number of indices is wrong
     */
    public int offset(int... index) {
        if (index.length != dims.length) {
            throw new IndexOutOfBoundsException(
                    "index " + Arrays.toString(index) + " has " + index.length + " axes, shape " + this + " has " + dims.length);
        }
        int flat = 0;
        for (int a = 0; a < index.length; a++) {
            if (index[a] < 0 || index[a] >= dims[a]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " outside shape " + this);
            }
            flat = flat * dims[a] + index[a];
        }
        return flat;
    }

    /** @return a copy of the dimensions */
    public int[] toArray() {
        return dims.clone();
    }

    /**
     * Prepends a batch axis.
     *
     * @param batch the batch size, at least 1
     * @return {@code (batch, dims...)}
     */
    public Shape withBatch(int batch) {
        int[] d = new int[dims.length + 1];
        d[0] = batch;
        System.arraycopy(dims, 0, d, 1, dims.length);
        return of(d);
    }

    /** @return this shape without its first (batch) axis */
    public Shape withoutBatch() {
        if (dims.length == 0) {
            throw new IllegalStateException("a rank-0 shape has no batch axis");
        }
        return new Shape(Arrays.copyOfRange(dims, 1, dims.length));
    }

    /** @return the shape as Keras prints a layer output, with {@code None} for the batch axis */
    public String toKerasString() {
        StringJoiner j = new StringJoiner(", ", "(", ")");
        j.add("None");
        for (int d : dims) {
            j.add(Integer.toString(d));
        }
        return j.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** @return the dimensions in parentheses, e.g. {@code (32, 32, 3)} */
    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(", ", "(", dims.length == 1 ? ",)" : ")");
        for (int d : dims) {
            j.add(Integer.toString(d));
        }
        return j.toString();
    }
}
