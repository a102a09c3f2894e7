package org.saliency4j.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import org.saliency4j.DivergenceException;
import org.saliency4j.InvalidSettingException;
import org.saliency4j.NonFiniteInputException;
import org.saliency4j.ShapeMismatchException;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.objective.SaliencyObjective;
import org.saliency4j.tensor.DoubleTensor;
import org.saliency4j.tensor.Shape;

/**
 * An optimisation of input images: the {@link Goal}, the {@link Optimizer}, the number of epochs, which gradients
 * to keep and who listens. Immutable; {@code withX} methods return changed copies, and one configuration may run
 * on several threads.
 *
 * <p>Each epoch, as in the notebook: the images (kept in double precision) are rounded to float32 and run through
 * the model; each image's objective and its gradient are computed; the objective, the image norm and, when asked,
 * the gradient are recorded (all before the update); then the optimizer moves the images along
 * {@code goal.sign() * gradient}. A batch of images runs as one batched pass, each with its own objective, and
 * gets exactly the gradient it would get alone.
 */
public final class Optimization {
    private final Goal goal;
    private final Optimizer optimizer;
    private final int epochs;
    private final IntPredicate keepGradient;
    private final List<OptimizationListener> listeners;

    private Optimization(Goal goal, Optimizer optimizer, int epochs, IntPredicate keepGradient,
                         List<OptimizationListener> listeners) {
        if (epochs < 1) {
            throw new InvalidSettingException("epochs must be at least 1, got " + epochs);
        }
        this.goal = goal;
        this.optimizer = optimizer;
        this.epochs = epochs;
        this.keepGradient = keepGradient;
        this.listeners = List.copyOf(listeners);
    }

    /**
     * Gradient ascent on the objective.
     *
     * @param optimizer the update rule
     * @param epochs    the number of updates
     * @return the configuration, keeping no gradients
     */
    public static Optimization maximize(Optimizer optimizer, int epochs) {
        return new Optimization(Goal.MAXIMIZE, optimizer, epochs, e -> false, List.of());
    }

    /**
     * Gradient descent on the objective.
     *
     * @param optimizer the update rule
     * @param epochs    the number of updates
     * @return the configuration, keeping no gradients
     */
    public static Optimization minimize(Optimizer optimizer, int epochs) {
        return new Optimization(Goal.MINIMIZE, optimizer, epochs, e -> false, List.of());
    }

    /**
     * Keeps the gradients of the given epochs in the result (figure 6 of the notebook shows epochs 0, 20, ...).
     *
     * @param chosen epochs, from 0
     * @return a changed copy
     */
    public Optimization withGradientsKeptAt(int... chosen) {
        Set<Integer> set = new LinkedHashSet<>();
        for (int e : chosen) {
            set.add(e);
        }
        return new Optimization(goal, optimizer, epochs, set::contains, listeners);
    }

    /** @return a changed copy that keeps every epoch's gradient (memory: epochs times the images' size) */
    public Optimization withAllGradientsKept() {
        return new Optimization(goal, optimizer, epochs, e -> true, listeners);
    }

    /**
     * Adds a listener.
     *
     * @param listener called after each epoch is evaluated
     * @return a changed copy
     */
    public Optimization withListener(OptimizationListener listener) {
        List<OptimizationListener> l = new ArrayList<>(listeners);
        l.add(listener);
        return new Optimization(goal, optimizer, epochs, keepGradient, l);
    }

    /** @return whether the objective is maximised or minimised */
    public Goal goal() {
        return goal;
    }

    /** @return the update rule */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** @return the number of epochs */
    public int epochs() {
        return epochs;
    }

    /**
     * Optimises every image of the batch for the same objective.
     *
     * @param model     the compiled model (or partial model) whose layers the objective reads
     * @param objective the objective
     * @param start     the start images, batch first, the model's input shape; not modified
     * @return the final images and the history
     */
    public OptimizationResult run(CompiledModel model, SaliencyObjective objective, DoubleTensor start) {
        return run(model, Collections.nCopies(start.batchSize(), objective), start);
    }

    /**
     * Optimises each image of the batch for its own objective, in one batched pass per epoch.
     *
     * @param model      the compiled model (or partial model) whose layers the objectives read
     * @param objectives one objective per image
     * @param start      the start images, batch first, the model's input shape; not modified
     * @return the final images and the history
     * @throws DivergenceException    when an objective or gradient becomes NaN or infinite
     * @throws ShapeMismatchException when the images do not fit the model or their number the objectives
     */
    public OptimizationResult run(CompiledModel model, List<? extends SaliencyObjective> objectives,
                                  DoubleTensor start) {
        int batch = start.batchSize();
        if (objectives.size() != batch) {
            throw new ShapeMismatchException(objectives.size() + " objectives for a batch of " + batch + " images");
        }
        Shape shape = start.shape();
        // Checks that every probe is part of the model, before any work.
        BatchEvaluation evaluation = BatchEvaluation.of(model, objectives, shape, null);
        model.announceWork((long) epochs * batch);
        int per = shape.size() / batch;
        double[] x = start.toArray();
        NonFiniteInputException.requireFinite("start image", shape, x);
        double[][] objective = new double[batch][epochs];
        double[][] norm = new double[batch][epochs];
        Map<Integer, DoubleTensor> gradients = new TreeMap<>();
        Optimizer.State state = optimizer.start(x.length);
        double[] gradient = new double[x.length];
        int done = 0;
        boolean cancelled = false;
        for (int epoch = 0; epoch < epochs && !cancelled; epoch++) {
            double[] values = evaluation.evaluate(x, gradient);
            for (int i = 0; i < batch; i++) {
                objective[i][epoch] = values[i];
                norm[i][epoch] = evaluation.imageNorm(i);
            }
            checkFinite(epoch, objectives, values, gradient, per);
            if (keepGradient.test(epoch)) {
                gradients.put(epoch, DoubleTensor.of(shape, gradient));
            }
            done = epoch + 1;
            if (!listeners.isEmpty()) {
                EpochEvent event = new EpochEvent(epoch, values.clone());
                for (OptimizationListener l : listeners) {
                    l.onEpoch(event);
                }
                if (event.cancelled()) {
                    cancelled = true;
                    break;
                }
            }
            int sign = goal.sign();
            for (int i = 0; i < gradient.length; i++) {
                gradient[i] *= sign;
            }
            state.step(x, gradient);
            checkImages(epoch, objectives, x, per);
        }
        List<String> descriptions = objectives.stream().map(Object::toString).toList();
        return new OptimizationResult(DoubleTensor.of(shape, x), trim(objective, done), trim(norm, done), gradients,
                done, cancelled, goal, descriptions);
    }

    private static void checkFinite(int epoch, List<? extends SaliencyObjective> objectives, double[] values,
                                    double[] gradient, int per) {
        for (int i = 0; i < values.length; i++) {
            String what = null;
            if (!Double.isFinite(values[i])) {
                what = "objective is " + values[i];
            } else {
                for (int j = i * per; j < (i + 1) * per; j++) {
                    if (!Double.isFinite(gradient[j])) {
                        what = "gradient has " + gradient[j] + " at element " + (j - i * per);
                        break;
                    }
                }
            }
            if (what != null) {
                throw new DivergenceException(epoch, "the optimisation diverged at epoch " + epoch + ": for image " + i
                        + " the " + what + " (objective " + objectives.get(i) + "); try a smaller learning rate "
                        + "or a stronger regulariser");
            }
        }
    }

    /** The step itself can overflow (a huge learning rate) where neither objective nor gradient is infinite. */
    private static void checkImages(int epoch, List<? extends SaliencyObjective> objectives, double[] x, int per) {
        for (int j = 0; j < x.length; j++) {
            if (!Double.isFinite(x[j])) {
                int i = j / per;
                throw new DivergenceException(epoch, "the optimisation diverged at epoch " + epoch + ": its step made "
                        + "image " + i + " hold " + x[j] + " at element " + (j - i * per) + " (objective "
                        + objectives.get(i) + "); try a smaller learning rate or a stronger regulariser");
            }
        }
    }

    private static double[][] trim(double[][] history, int epochs) {
        double[][] t = new double[history.length][];
        for (int i = 0; i < history.length; i++) {
            t[i] = Arrays.copyOf(history[i], epochs);
        }
        return t;
    }
}
