package org.saliency4j.cpu;

import java.util.List;
import org.saliency4j.tensor.Shape;

/** Concatenation along one per-sample axis: blocks of each input in turn, the gradient split back the same way. */
final class ConcatenateKernel implements Kernel {
    /** Elements before the axis (per sample included), and each input's block length (its axis size x inner). */
    private final int outer;
    private final int[] block;
    private final int outBlock;

    ConcatenateKernel(int axis, List<Shape> inputs) {
        int rank = inputs.get(0).rank();
        int a = axis < 0 ? rank + axis : axis;
        int before = 1;
        for (int i = 0; i < a; i++) {
            before *= inputs.get(0).dim(i);
        }
        int inner = 1;
        for (int i = a + 1; i < rank; i++) {
            inner *= inputs.get(0).dim(i);
        }
        outer = before;
        block = new int[inputs.size()];
        int sum = 0;
        for (int k = 0; k < block.length; k++) {
            block[k] = inputs.get(k).dim(a) * inner;
            sum += block[k];
        }
        outBlock = sum;
    }

    @Override
    public Trace forward(float[][] inputs, int batch, Scratch scratch) {
        int rows = batch * outer;
        float[] y = scratch.floats(rows * outBlock);
        for (int r = 0; r < rows; r++) {
            int offset = r * outBlock;
            for (int k = 0; k < inputs.length; k++) {
                System.arraycopy(inputs[k], r * block[k], y, offset, block[k]);
                offset += block[k];
            }
        }
        return Trace.of(y, g -> {
            float[][] dx = new float[inputs.length][];
            for (int k = 0; k < inputs.length; k++) {
                dx[k] = scratch.floats(rows * block[k]);
            }
            for (int r = 0; r < rows; r++) {
                int offset = r * outBlock;
                for (int k = 0; k < inputs.length; k++) {
                    System.arraycopy(g, offset, dx[k], r * block[k], block[k]);
                    offset += block[k];
                }
            }
            return dx;
        });
    }
}
