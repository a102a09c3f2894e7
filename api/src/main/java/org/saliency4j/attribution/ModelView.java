package org.saliency4j.attribution;

import java.util.function.IntConsumer;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.backend.ForwardPass;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/**
 * A view of a compiled model that passes everything on to it, for a subclass to change one thing (what is done
 * with announcements, for {@link Attributions#explainAll}). Closing the view leaves the model open: its owner
 * closes it.
 */
abstract class ModelView implements CompiledModel {
    private final CompiledModel model;

    /** @param model the model seen */
    ModelView(CompiledModel model) {
        this.model = model;
    }

    @Override
    public Model model() {
        return model.model();
    }

    @Override
    public ForwardPass forward(Tensor input) {
        return model.forward(input);
    }

    @Override
    public ForwardPass forward(Shape shape, double[] input) {
        return model.forward(shape, input);
    }

    @Override
    public void announceWork(long samplePasses) {
        model.announceWork(samplePasses);
    }

    @Override
    public void announceForwardWork(long samplePasses) {
        model.announceForwardWork(samplePasses);
    }

    @Override
    public void forEachItem(int n, IntConsumer body) {
        model.forEachItem(n, body);
    }

    @Override
    public void close() {
        // the model's owner closes it
    }
}
