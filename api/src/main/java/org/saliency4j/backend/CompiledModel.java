package org.saliency4j.backend;

import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/**
 * A model ready to run on one backend. {@link #forward} may be called from several threads at once; each call
 * returns its own {@link ForwardPass}.
 */
public interface CompiledModel extends AutoCloseable {

    /** @return the model this was compiled from */
    Model model();

    /**
     * Runs the model on a batch, keeping what the backward pass needs.
     *
     * @param input a batch of shape {@code (batch, model input shape...)}; not modified
     * @return every layer's output for this batch, from which input gradients can be taken
     * @throws org.saliency4j.ShapeMismatchException when the input does not have the model's input shape
     */
    ForwardPass forward(Tensor input);

    /**
     * Runs the model on a batch given in double precision: the same as
     * {@code forward(Tensor.ofDoubles(shape, input))} (each value rounded to float), without the tensor's copies
     * where the backend can read the array directly. An optimisation loop calls this every epoch.
     *
     * @param shape the batch's shape, {@code (batch, model input shape...)}
     * @param input the batch, row-major, channels last; read during the call only, not modified
     * @return every layer's output for this batch, from which input gradients can be taken
     * @throws org.saliency4j.ShapeMismatchException when the shape is not the model's input shape with a batch
     */
    default ForwardPass forward(Shape shape, double[] input) {
        return forward(Tensor.ofDoubles(shape, input));
    }

    /**
     * Says how much work is about to start on this model, so that the backend can choose between ways of running
     * it that give the same results but pay off at different lengths of work: the CPU backend runs short work on
     * its plain loops and long work on its vector kernels, which the JIT has to compile first. A hint only: results
     * never depend on it, and a backend may ignore it (the default does). {@code Optimization.run} calls it.
     *
     * @param samplePasses about how many samples will go through the model, a sample counted once per forward
     *                     pass (with its backward pass, if any)
     */
    default void announceWork(long samplePasses) {
        // a hint; backends that have one way of running ignore it
    }

    /**
     * {@link #announceWork} for passes that run forward only (scores without gradients: occlusion, RISE,
     * evaluation). A backend may weigh them differently: the CPU backend's vector kernels pay off sooner on them.
     * The default counts them as {@link #announceWork} does.
     *
     * @param samplePasses about how many samples will go through the model forward only
     */
    default void announceForwardWork(long samplePasses) {
        announceWork(samplePasses);
    }

    /**
     * Runs {@code body} for each index of [0, n) and returns when all are done, in parallel on the threads this
     * backend computes with where it has them, so that host work between passes (feature visualisation's image
     * transforms) does not compete with idle compute threads for the cores. The items must be independent: each
     * writes only its own outputs, so that results do not depend on the order. The default runs them on the common
     * fork-join pool.
     *
     * @param n    the number of items
     * @param body computes one item
     */
    default void forEachItem(int n, IntConsumer body) {
        IntStream.range(0, n).parallel().forEach(body);
    }

    /** Releases resources held for this model; idempotent, throws nothing. */
    @Override
    void close();
}
