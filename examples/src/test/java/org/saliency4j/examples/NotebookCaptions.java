package org.saliency4j.examples;

import java.util.List;

/**
 * The captions the original notebook printed under figures 1 and 3 ({@code shared/reference/NOTEBOOK.md} lists
 * them; its seven figures show them), in class order: plane, car, bird, cat, deer, dog, frog, horse, ship, truck.
 */
final class NotebookCaptions {
    /** Figure 1: the prediction on each class's final image from the grey start. */
    static final List<String> FIGURE1 = List.of(
            "predicted : plane 99.81%", "predicted : car 99.95%", "predicted : bird 99.95%",
            "predicted : cat 99.96%", "predicted : deer 99.95%", "predicted : dog 99.85%",
            "predicted : frog 99.92%", "predicted : horse 99.91%", "predicted : ship 99.98%",
            "predicted : truck 99.92%");
    /** Figure 3: the prediction on test image 3 (a plane) times each class's final image. */
    static final List<String> FIGURE3 = List.of(
            "predicted : plane 73.55%", "predicted : car 89.75%", "predicted : bird 54.38%",
            "predicted : cat 89.63%", "predicted : ship 39.27%", "predicted : dog 75.69%",
            "predicted : ship 56.22%", "predicted : horse 45.36%", "predicted : ship 96.75%",
            "predicted : truck 87.72%");

    private NotebookCaptions() {
    }
}
