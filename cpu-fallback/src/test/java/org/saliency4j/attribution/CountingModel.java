package org.saliency4j.attribution;

import org.saliency4j.backend.BackwardRule;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.backend.ForwardPass;
import org.saliency4j.backend.LayerValue;
import org.saliency4j.model.Layer;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/** Counts what is announced to it, and the samples of the passes run through it by their kind. */
final class CountingModel extends ModelView {
    long announcedForwardOnly;
    long announcedWithBackward;
    long forwardOnly;
    long withBackward;

    CountingModel(CompiledModel inner) {
        super(inner);
    }

    @Override
    public ForwardPass forward(Tensor input) {
        return new Watched(super.forward(input));
    }

    @Override
    public ForwardPass forward(Shape shape, double[] input) {
        return new Watched(super.forward(shape, input));
    }

    @Override
    public void announceWork(long samplePasses) {
        announcedWithBackward += samplePasses;
    }

    @Override
    public void announceForwardWork(long samplePasses) {
        announcedForwardOnly += samplePasses;
    }

    /** A pass that, when closed, counts its samples as forward only or with a backward pass. */
    private final class Watched implements ForwardPass {
        private final ForwardPass pass;
        private boolean backward;

        Watched(ForwardPass pass) {
            this.pass = pass;
        }

        @Override
        public Model model() {
            return pass.model();
        }

        @Override
        public int batchSize() {
            return pass.batchSize();
        }

        @Override
        public void copyValue(Layer layer, LayerValue value, float[] into) {
            pass.copyValue(layer, value, into);
        }

        @Override
        public void addGradient(Layer from, LayerValue at, double[] gradient, Layer to, BackwardRule rule,
                                double[] into) {
            backward = true;
            pass.addGradient(from, at, gradient, to, rule, into);
        }

        @Override
        public void close() {
            if (backward) {
                withBackward += pass.batchSize();
            } else {
                forwardOnly += pass.batchSize();
            }
            pass.close();
        }
    }
}
