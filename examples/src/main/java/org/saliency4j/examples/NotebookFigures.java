package org.saliency4j.examples;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.saliency4j.tensor.DoubleTensor;

/** Draws the notebook's seven figures from its numbers, with the originals' names and layouts. */
final class NotebookFigures {
    static final List<String> NAMES = List.of(
            "fig1-class-saliency-from-gray.png", "fig2-class-saliency-norm-and-loss.png",
            "fig3-test-image-times-class-saliency.png", "fig4-layer-saliency-on-test-image.png",
            "fig5-layer-saliency-norm-and-objective.png", "fig6-gradient-display.png",
            "fig7-unit-saliency-from-gray.png");
    /** Side of an image panel in pixels: 32 image pixels at 4.5 screen pixels each, as the originals. */
    private static final int SIDE = 144;

    private NotebookFigures() {
    }

    /** @return each figure's name and how to draw it; the drawings are independent and may run in parallel */
    static Map<String, Supplier<BufferedImage>> drawings(Notebook.Results r) {
        Map<String, Supplier<BufferedImage>> figures = new LinkedHashMap<>();
        figures.put(NAMES.get(0), () -> classSaliencies(r));
        figures.put(NAMES.get(1), () -> classHistories(r));
        figures.put(NAMES.get(2), () -> products(r));
        figures.put(NAMES.get(3), () -> saliencyMaps(r.part3Input(), r.part3(), "Input"));
        figures.put(NAMES.get(4), () -> ascentHistories(r));
        figures.put(NAMES.get(5), () -> gradients(r));
        figures.put(NAMES.get(6), () -> saliencyMaps(r.part4().get(0).start(), r.part4(), "Input"));
        return figures;
    }

    private static BufferedImage classSaliencies(Notebook.Results r) {
        Grid g = new Grid(2, 5, SIDE);
        for (Notebook.ClassRun run : r.part1()) {
            int c = run.classIndex();
            g.picture(c / 5, c % 5, Pictures.normalized(run.finalImage()), Notebook.CLASS_NAMES.get(c))
                    .caption(c / 5, c % 5, run.prediction().caption());
        }
        return g.render();
    }

    private static BufferedImage classHistories(Notebook.Results r) {
        List<double[]> norms = new ArrayList<>();
        List<double[]> losses = new ArrayList<>();
        for (Notebook.ClassRun run : r.part1()) {
            norms.add(run.imageNorm());
            losses.add(run.objectiveHistory());
        }
        return Plots.sideBySide(
                Plots.lines("Image norm (L2)", "Epoch", Notebook.CLASS_NAMES, norms, false, false),
                Plots.lines("Loss (sparse cross entropy)", "Epoch", Notebook.CLASS_NAMES, losses, true, true));
    }

    private static BufferedImage products(Notebook.Results r) {
        Grid g = new Grid(2, 5, SIDE);
        for (Notebook.Product p : r.part2()) {
            int c = p.saliencyClass();
            g.picture(c / 5, c % 5, Pictures.normalized(p.image()),
                    "plane x saliency(" + Notebook.CLASS_NAMES.get(c) + ")").caption(c / 5, c % 5, p.prediction().caption());
        }
        return g.render();
    }

    /** The notebook's {@code plotSaliencyMap}: input, saliency, saliency - input, activations before and after. */
    private static BufferedImage saliencyMaps(DoubleTensor input, List<Notebook.AscentRun> runs, String inputTitle) {
        Grid g = new Grid(runs.size(), 5, SIDE);
        g.picture(0, 0, Pictures.rgb(input), inputTitle);
        for (int i = 0; i < runs.size(); i++) {
            Notebook.AscentRun run = runs.get(i);
            g.picture(i, 1, Pictures.normalized(run.finalImage()), run.subject().title() + " Saliency");
            g.picture(i, 2, Pictures.normalized(difference(run.finalImage(), input)), "Saliency - Input");
            activation(g, i, 3, run.activations().onOrigin(), run.activations().single(), "Activation on origin");
            activation(g, i, 4, run.activations().onSaliency(), run.activations().single(), "Activation on saliency");
        }
        return g.render();
    }

    private static void activation(Grid g, int row, int col, double[][] map, boolean dense, String title) {
        if (dense) {
            g.text(row, col, Pictures.threeSignificant(map[0][0]), title);
        } else {
            // With sharey=True the notebook draws every map at the scale of the 32-pixel input.
            g.picture(row, col, Pictures.grey(map), title, map.length / 32.0);
        }
    }

    private static BufferedImage ascentHistories(Notebook.Results r) {
        List<String> names = new ArrayList<>();
        List<double[]> norms = new ArrayList<>();
        List<double[]> objectives = new ArrayList<>();
        for (Notebook.AscentRun run : r.part3()) {
            names.add(run.subject().title());
            norms.add(run.imageNorm());
            objectives.add(run.objectiveHistory());
        }
        return Plots.sideBySide(
                Plots.lines("Image norm during gradient ascent", "epoch", names, norms, false, true),
                Plots.lines("Intensity (objective function)", "epoch", names, objectives, false, false));
    }

    private static BufferedImage gradients(Notebook.Results r) {
        Notebook.AscentRun run = r.part3().get(Notebook.GRADIENT_RUN);
        Grid g = new Grid(2, 5, SIDE);
        for (int i = 0; i < run.gradients().size(); i++) {
            g.picture(i / 5, i % 5, Pictures.gradient(run.gradients().get(i)),
                    "epoch " + i * Notebook.GRADIENT_EPOCH_STEP);
        }
        return g.render();
    }

    private static DoubleTensor difference(DoubleTensor a, DoubleTensor b) {
        double[] x = a.toArray();
        double[] y = b.toArray();
        for (int i = 0; i < x.length; i++) {
            x[i] -= y[i];
        }
        return DoubleTensor.of(a.shape(), x);
    }
}
