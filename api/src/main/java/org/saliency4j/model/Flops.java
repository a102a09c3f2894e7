package org.saliency4j.model;

/**
 * The arithmetic a model's forward pass does for one sample, counted as is usual for convolutional networks:
 * 2 FLOPs per multiply-add of its convolutions (Conv2D, DepthwiseConv2D) and dense layers, nothing for the rest
 * (activations, pooling, normalisation: a few percent). An input-gradient pass costs about as much again.
 */
public final class Flops {
    private Flops() {
    }

    /**
     * @param model the model
     * @return the forward FLOPs of one sample
     */
    public static double forward(Model model) {
        double f = 0;
        for (Layer l : model.nodes()) {
            if (l.op() instanceof LayerOp.Conv2D c) {
                f += 2.0 * l.outputShape().size() * c.kernelH() * c.kernelW() * c.inChannels();
            } else if (l.op() instanceof LayerOp.DepthwiseConv2D d) {
                f += 2.0 * l.outputShape().size() * d.kernel().shape().dim(0) * d.kernel().shape().dim(1);
            } else if (l.op() instanceof LayerOp.Dense d) {
                f += 2.0 * l.outputShape().size() * d.inUnits();
            }
        }
        return f;
    }
}
