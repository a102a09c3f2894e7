package org.saliency4j.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/** An attribution map as a Spark value: {shape, values}, or nested arrays as {@code explain}'s JSON writes it. */
final class Maps {
    /** {@code struct<shape: array<int>, values: array<float>>}: the map's shape (without batch) and its values. */
    static final StructType FLAT = new StructType()
            .add("shape", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
            .add("values", DataTypes.createArrayType(DataTypes.FloatType, false), false);

    private Maps() {
    }

    /** @return the type of a map of this rank as nested arrays of floats */
    static DataType nestedType(int rank) {
        DataType t = DataTypes.FloatType;
        for (int i = 0; i < rank; i++) {
            t = DataTypes.createArrayType(t, false);
        }
        return t;
    }

    /**
     * @param map a map, without a batch axis
     * @return it as {shape, values}
     */
    static Row flat(Tensor map) {
        Shape s = map.shape();
        int[] shape = s.toArray();
        List<Integer> dims = new ArrayList<>();
        for (int d : shape) {
            dims.add(d);
        }
        float[] v = map.toArray();
        List<Float> values = new ArrayList<>(v.length);
        for (float f : v) {
            values.add(f);
        }
        return RowFactory.create(seq(dims), seq(values));
    }

    /** A Java list as the Scala sequence Spark's row encoder takes for an array column. */
    static scala.collection.Seq<Object> seq(List<?> list) {
        @SuppressWarnings("unchecked")
        List<Object> objects = (List<Object>) list;
        return scala.jdk.javaapi.CollectionConverters.asScala(objects);
    }

    /**
     * @param map a map, without a batch axis
     * @return it as nested sequences, outermost the first axis
     */
    static scala.collection.Seq<Object> nested(Tensor map) {
        int[] shape = map.shape().toArray();
        return nest(map.toArray(), shape, 0, 0);
    }

    private static scala.collection.Seq<Object> nest(float[] v, int[] shape, int axis, int offset) {
        int stride = 1;
        for (int a = axis + 1; a < shape.length; a++) {
            stride *= shape[a];
        }
        List<Object> out = new ArrayList<>(shape[axis]);
        for (int i = 0; i < shape[axis]; i++) {
            out.add(axis == shape.length - 1 ? (Object) v[offset + i] : nest(v, shape, axis + 1, offset + i * stride));
        }
        return seq(out);
    }
}
