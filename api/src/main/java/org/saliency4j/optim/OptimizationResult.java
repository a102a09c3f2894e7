package org.saliency4j.optim;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.saliency4j.tensor.DoubleTensor;

/**
 * The outcome of an {@link Optimization}: the final images and, per image and epoch, the objective and the image
 * norm before that epoch's update, plus the gradients of the epochs that were asked for.
 */
public final class OptimizationResult {
    private final DoubleTensor finalImages;
    private final double[][] objective;
    private final double[][] imageNorm;
    private final Map<Integer, DoubleTensor> gradients;
    private final int epochsRun;
    private final boolean cancelled;
    private final Goal goal;
    private final List<String> objectiveDescriptions;

    OptimizationResult(DoubleTensor finalImages, double[][] objective, double[][] imageNorm,
                       Map<Integer, DoubleTensor> gradients, int epochsRun, boolean cancelled, Goal goal,
                       List<String> objectiveDescriptions) {
        this.finalImages = finalImages;
        this.objective = objective;
        this.imageNorm = imageNorm;
        this.gradients = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(gradients));
        this.epochsRun = epochsRun;
        this.cancelled = cancelled;
        this.goal = goal;
        this.objectiveDescriptions = List.copyOf(objectiveDescriptions);
    }

    /** @return the images after the last update, batch first */
    public DoubleTensor finalImages() {
        return finalImages;
    }

    /** @return the number of images */
    public int images() {
        return objective.length;
    }

    /**
     * The objective of one image per epoch, before each update.
     *
     * @param image the image's position in the batch
     * @return one value per epoch run; a copy
     */
    public double[] objective(int image) {
        return objective[image].clone();
    }

    /**
     * The Frobenius norm of one image per epoch, before each update.
     *
     * @param image the image's position in the batch
     * @return one value per epoch run; a copy
     */
    public double[] imageNorm(int image) {
        return imageNorm[image].clone();
    }

    /**
     * The gradient of the objective (not yet signed by the goal) at an epoch, if it was kept.
     *
     * @param epoch the epoch, from 0
     * @return the gradients of all images, batch first
     */
    public Optional<DoubleTensor> gradient(int epoch) {
        return Optional.ofNullable(gradients.get(epoch));
    }

    /** @return the epochs whose gradients were kept */
    public Set<Integer> gradientEpochs() {
        return gradients.keySet();
    }

    /** @return how many epochs ran (fewer than asked when cancelled) */
    public int epochsRun() {
        return epochsRun;
    }

    /** @return whether a listener stopped the run */
    public boolean cancelled() {
        return cancelled;
    }

    /** @return whether the objectives were maximised or minimised */
    public Goal goal() {
        return goal;
    }

    /**
     * The formula that was optimised for one image.
     *
     * @param image the image's position in the batch
     * @return the objective's {@code toString()}
     */
    public String objectiveDescription(int image) {
        return objectiveDescriptions.get(image);
    }
}
