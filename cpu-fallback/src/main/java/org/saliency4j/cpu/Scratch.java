package org.saliency4j.cpu;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * The arrays of one forward pass and its backward passes: activations, gradients, arg-max indices. They come from
 * the compiled model's pool and go back to it when the pass closes, so a loop of passes of one size stops
 * allocating (and stops the garbage collector from sweeping hundreds of megabytes per VGG-sized step). An array
 * comes zeroed, as {@code new} would give it, unless the kernel asks for one it overwrites in full. Nothing taken
 * here is ever handed to a caller: tensors copy.
 */
final class Scratch {
    private final @Nullable Pool pool;
    private final List<float[]> floats = new ArrayList<>();
    private final List<int[]> ints = new ArrayList<>();
    /** The one-element holders handed out by {@link #one}, kept with this scratch for its next pass. */
    private final List<float[][]> holders = new ArrayList<>();
    private int holdersUsed;
    /** The traces handed out by {@link #save}, kept with this scratch for its next pass. */
    private final List<SavedTrace> traces = new ArrayList<>();
    private int tracesUsed;

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
    float[] floats(int size) {
        float[] a = floatsToOverwrite(size);
        Arrays.fill(a, 0f);
        return a;
    }

    /**
     * A float array with whatever an earlier pass left in it, for an output the caller writes in full before
     * reading any of it (zeroing it would be wasted work). The pass's until it closes.
     *
     * @param size its length
     * @return the array
     */
    synchronized float[] floatsToOverwrite(int size) {
        return take(pool == null ? null : pool.floats, floats, size, float[]::new);
    }

    /**
     * An int array with whatever an earlier pass left in it, for an output the caller writes in full before
     * reading any of it. The pass's until it closes.
     *
     * @param size its length
     * @return the array
     */
    synchronized int[] intsToOverwrite(int size) {
        return take(pool == null ? null : pool.ints, ints, size, int[]::new);
    }

    /** An array of {@code size} from the shelf, or a new one, recorded as taken by this pass. */
    private static <A> A take(@Nullable Shelf<A> shelf, List<A> taken, int size, IntFunction<A> make) {
        A a = shelf == null ? null : shelf.take(size);
        if (a == null) {
            a = make.apply(size);
        }
        taken.add(a);
        return a;
    }

    /**
     * A one-element array holding {@code a}: a kernel's single input, or the input gradient its backward pass
     * returns. The pass's until it closes; the next pass on this scratch reuses it.
     *
     * @param a the array to hold
     * @return {@code {a}}
     */
    synchronized float[][] one(float[] a) {
        if (holdersUsed == holders.size()) {
            holders.add(new float[1][]);
        }
        float[][] holder = holders.get(holdersUsed++);
        holder[0] = a;
        return holder;
    }

    /**
     * A trace holding what a kernel's backward pass needs, the pass's until it closes; the next pass on this
     * scratch reuses it.
     *
     * @param backward the kernel's backward pass
     * @param output   the forward pass's output
     * @param input    its (first) input
     * @param indices  indices it saved, or null
     * @param batch    the batch size
     * @return the trace
     */
    synchronized SavedTrace save(SavedTrace.Backward backward, float[] output, float[] input,
            int @Nullable [] indices, int batch) {
        if (tracesUsed == traces.size()) {
            traces.add(new SavedTrace());
        }
        return traces.get(tracesUsed++).set(backward, output, input, indices, batch, this);
    }

    /** Returns every array taken, and this scratch, to the pool; the pass must not read them afterwards. */
    synchronized void release() {
        Pool p = pool;
        if (p != null) {
            for (float[] a : floats) {
                if (p.poison) {
                    Arrays.fill(a, Float.NaN);
                }
                p.floats.put(a.length, a);
            }
            for (int[] a : ints) {
                if (p.poison) {
                    Arrays.fill(a, -1);
                }
                p.ints.put(a.length, a);
            }
        }
        floats.clear();
        ints.clear();
        for (int i = 0; i < holdersUsed; i++) {
            holders.get(i)[0] = null;
        }
        holdersUsed = 0;
        for (int i = 0; i < tracesUsed; i++) {
            traces.get(i).clear();
        }
        tracesUsed = 0;
        if (p != null) {
            p.giveBack(this);
        }
    }

    /**
     * The arrays that closed passes of one compiled model gave back, by length, and their scratches. It holds at
     * most the arrays of as many passes as were open at once. Taking and giving back allocates nothing once the
     * pool holds what a pass needs.
     */
    static final class Pool {
        private final Shelf<float[]> floats = new Shelf<>();
        private final Shelf<int[]> ints = new Shelf<>();
        private final ArrayDeque<Scratch> free = new ArrayDeque<>();
        private final boolean poison;

        /** A pool whose arrays come back as an earlier pass left them. */
        Pool() {
            this(false);
        }

        private Pool(boolean poison) {
            this.poison = poison;
        }

        /**
         * @return a pool that fills every array given back with NaN (ints with -1), so that a test finds any
         *         kernel that reads an array it took to overwrite before writing it
         */
        static Pool poisoning() {
            return new Pool(true);
        }

        /** @return a scratch for one pass, drawing on this pool */
        synchronized Scratch scratch() {
            Scratch s = free.poll();
            return s == null ? new Scratch(this) : s;
        }

        private synchronized void giveBack(Scratch s) {
            free.push(s);
        }

        /** Drops every pooled array. */
        void clear() {
            floats.clear();
            ints.clear();
        }
    }

    /** Arrays by length, each length a stack; a handful of lengths per model, so a linear search. */
    private static final class Shelf<A> {
        private int[] lengths = new int[16];
        private final List<ArrayList<A>> stacks = new ArrayList<>();

        synchronized @Nullable A take(int length) {
            for (int i = 0; i < stacks.size(); i++) {
                if (lengths[i] == length) {
                    ArrayList<A> stack = stacks.get(i);
                    return stack.isEmpty() ? null : stack.remove(stack.size() - 1);
                }
            }
            return null;
        }

        synchronized void put(int length, A array) {
            for (int i = 0; i < stacks.size(); i++) {
                if (lengths[i] == length) {
                    stacks.get(i).add(array);
                    return;
                }
            }
            if (stacks.size() == lengths.length) {
                lengths = Arrays.copyOf(lengths, 2 * lengths.length);
            }
            lengths[stacks.size()] = length;
            ArrayList<A> stack = new ArrayList<>();
            stack.add(array);
            stacks.add(stack);
        }

        synchronized void clear() {
            stacks.clear();
        }
    }
}
