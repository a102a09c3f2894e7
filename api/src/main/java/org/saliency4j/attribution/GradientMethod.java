package org.saliency4j.attribution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.saliency4j.backend.BackwardRule;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/**
 * The methods read off one gradient of the score S with respect to the input x:
 * <ul>
 *   <li>{@code gradient}: dS/dx, signed, the input's shape;</li>
 *   <li>{@code saliency}: the largest |dS/dx| over each pixel's channels, (height, width) (Simonyan et al. 2013,
 *       "Deep Inside Convolutional Networks");</li>
 *   <li>{@code gradient-x-input}: x * dS/dx, the input's shape (Shrikumar et al. 2016);</li>
 *   <li>{@code guided-backprop}: dS/dx under {@link BackwardRule#GUIDED} (Springenberg et al. 2015);</li>
 *   <li>{@code deconvnet}: dS/dx under {@link BackwardRule#DECONVNET} (Zeiler and Fergus 2014).</li>
 * </ul>
 * Immutable; {@link Attributions} makes them.
 */
public final class GradientMethod implements AttributionMethod {
    /** What is read off the gradient. */
    private enum Reading {
        SIGNED, MAX_ABS_OVER_CHANNELS, TIMES_INPUT
    }

    private final String name;
    private final BackwardRule rule;
    private final Reading reading;
    private final int internalBatch;

    private GradientMethod(String name, BackwardRule rule, Reading reading, int internalBatch) {
        this.name = name;
        this.rule = rule;
        this.reading = reading;
        this.internalBatch = Maps.checkedBatch(internalBatch);
    }

    static GradientMethod gradient() {
        return new GradientMethod("gradient", BackwardRule.STANDARD, Reading.SIGNED, 0);
    }

    static GradientMethod saliency() {
        return new GradientMethod("saliency", BackwardRule.STANDARD, Reading.MAX_ABS_OVER_CHANNELS, 0);
    }

    static GradientMethod gradientTimesInput() {
        return new GradientMethod("gradient-x-input", BackwardRule.STANDARD, Reading.TIMES_INPUT, 0);
    }

    static GradientMethod guidedBackprop() {
        return new GradientMethod("guided-backprop", BackwardRule.GUIDED, Reading.SIGNED, 0);
    }

    static GradientMethod deconvnet() {
        return new GradientMethod("deconvnet", BackwardRule.DECONVNET, Reading.SIGNED, 0);
    }

    /**
     * @param n images per pass through the model; 0 for the model's default
     * @return a changed copy
     */
    public GradientMethod withInternalBatch(int n) {
        return new GradientMethod(name, rule, reading, n);
    }

    /** @return the rule the gradient is taken by */
    public BackwardRule rule() {
        return rule;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Attribution> explain(CompiledModel model, Tensor images, Target target) {
        Model m = model.model();
        int count = images.batchSize();
        double[] x = Scoring.values(m, images);
        int batch = Maps.batch(internalBatch, m);
        Shape input = m.inputShape();
        int per = input.size();
        List<Attribution> out = new ArrayList<>();
        Scoring.gradients(model, count, (i, into, offset) -> System.arraycopy(x, i * per, into, offset, per),
                target, rule, m.input(), batch, (i, c, score, g, offset, value, valueOffset) -> {
                    Tensor map = switch (reading) {
                        case SIGNED -> Maps.tensor(g, offset, input);
                        case MAX_ABS_OVER_CHANNELS -> Maps.maxAbsOverChannels(g, offset, input);
                        case TIMES_INPUT -> {
                            double[] p = new double[per];
                            for (int e = 0; e < per; e++) {
                                p[e] = (float) x[i * per + e] * g[offset + e];
                            }
                            yield Tensor.ofDoubles(input, p);
                        }
                    };
                    out.add(new Attribution(map, c, score, Map.of()));
                });
        return out;
    }

    @Override
    public Map<String, Object> settings() {
        return Map.of("rule", rule.name().toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public boolean signed() {
        return reading != Reading.MAX_ABS_OVER_CHANNELS;
    }

    @Override
    public String toString() {
        return name + (internalBatch > 0 ? " (internal batch " + internalBatch + ")" : "");
    }
}
