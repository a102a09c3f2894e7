package org.saliency4j.cpu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.jspecify.annotations.Nullable;

/**
 * The arrays of one forward pass and its backward passes: activations, gradients, arg-max indices. They come
 * zeroed from the compiled model's pool, as {@code new} would give them, and go back to it when the pass closes, so
 * a loop of passes of one size stops allocating (and stops the garbage collector from sweeping hundreds of
 * megabytes per VGG-sized step). Nothing taken here is ever handed to a caller: tensors copy.
 */
final class Scratch {
    private final @Nullable Pool pool;
    private final List<float[]> floats = new ArrayList<>();
    private final List<int[]> ints = new ArrayList<>();

    private Scratch(@Nullable Pool pool) {
        this.pool = pool;
    }

    /** @return a scratch that allocates fresh arrays and keeps none (for kernels run on their own) */
    static Scratch unpooled() {
        return new Scratch(null);
    }

    /**
     * A zeroed float array, the pass's until it closes.
     *
     * @param size its length
     * @return the array
     */
    synchronized float[] floats(int size) {
        float[] a = pool == null ? null : pool.floats.computeIfAbsent(size, s -> new ConcurrentLinkedDeque<>()).poll();
        if (a == null) {
            a = new float[size];
        } else {
            Arrays.fill(a, 0f);
        }
        floats.add(a);
        return a;
    }

    /**
     * A zeroed int array, the pass's until it closes.
     *
     * @param size its length
     * @return the array
     */
    synchronized int[] ints(int size) {
        int[] a = pool == null ? null : pool.ints.computeIfAbsent(size, s -> new ConcurrentLinkedDeque<>()).poll();
        if (a == null) {
            a = new int[size];
        } else {
            Arrays.fill(a, 0);
        }
        ints.add(a);
        return a;
    }

    /** Returns every array taken to the pool; the pass must not read them afterwards. */
    synchronized void release() {
        if (pool != null) {
            for (float[] a : floats) {
                pool.floats.get(a.length).push(a);
            }
            for (int[] a : ints) {
                pool.ints.get(a.length).push(a);
            }
        }
        floats.clear();
        ints.clear();
    }

    /**
     * The arrays that closed passes of one compiled model gave back, by length. It holds at most the arrays of as
     * many passes as were open at once.
     */
    static final class Pool {
        private final Map<Integer, ConcurrentLinkedDeque<float[]>> floats = new ConcurrentHashMap<>();
        private final Map<Integer, ConcurrentLinkedDeque<int[]>> ints = new ConcurrentHashMap<>();

        /** @return a scratch for one pass, drawing on this pool */
        Scratch scratch() {
            return new Scratch(this);
        }

        /** Drops every pooled array. */
        void clear() {
            floats.clear();
            ints.clear();
        }
    }
}
