package org.saliency4j.keras;

import static org.saliency4j.keras.KerasLayers.activation;
import static org.saliency4j.keras.KerasLayers.channelsLast;
import static org.saliency4j.keras.KerasLayers.checked;
import static org.saliency4j.keras.KerasLayers.required;

import java.util.List;
import org.saliency4j.keras.KerasLayers.Site;
import org.saliency4j.keras.KerasLayers.Weight;
import org.saliency4j.keras.KerasLayers.WeightSource;
import org.saliency4j.model.Activation;
import org.saliency4j.model.Layer;
import org.saliency4j.model.LayerOp;
import org.saliency4j.model.Model;
import org.saliency4j.model.Padding;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/** The parsers of {@link KerasLayers}' table for the convolutions, which share one reader of their options. */
final class KerasConvolutions {
    private KerasConvolutions() {
    }

    /**
     * The options every convolution reads, checked once: no dilation, one group, the kernel size and the strides
     * given (the strides 1 by default), and the padding.
     */
    private record ConvOptions(int[] kernel, int[] strides, Padding padding) {
        static ConvOptions of(LayerConfig c) {
            int[] dilation = c.pair("dilation_rate", new int[] {1, 1});
            if (dilation != null && (dilation[0] != 1 || dilation[1] != 1)) {
                throw c.unsupported("has dilation_rate " + dilation[0] + "x" + dilation[1]
                        + "; only dilation 1 is supported");
            }
            if (c.has("groups") && c.integer("groups") != 1) {
                throw c.unsupported("has groups " + c.integer("groups") + "; only groups 1 is supported");
            }
            int[] k = required(c, c.pair("kernel_size", null), "kernel_size");
            int[] s = required(c, c.pair("strides", new int[] {1, 1}), "strides");
            return new ConvOptions(k, s, KerasLayers.padding(c));
        }
    }

    static Layer conv2d(Site site) {
        LayerConfig c = site.c();
        if (c.string("data_format", "channels_last").equals("channels_first")) {
            return channelsFirstConv(site.builder(), c, site.inbound(), site.weights(), site.prefix());
        }
        channelsLast(c);
        ConvOptions o = ConvOptions.of(c);
        int[] k = o.kernel();
        int filters = c.integer("filters");
        boolean useBias = c.bool("use_bias", true);
        List<Weight> w = site.weights().weightsOf(c, useBias ? 2 : 1);
        int in = site.inbound().outputShape().dim(-1);
        String why = "kernel_size " + k[0] + "x" + k[1] + ", " + in + " input channels and " + filters + " filters";
        Tensor kernel = checked(c, w.get(0), Shape.of(k[0], k[1], in, filters), why);
        Tensor bias = useBias ? checked(c, w.get(1), Shape.of(filters), filters + " filters") : null;
        return site.add(new LayerOp.Conv2D(kernel, bias, o.strides()[0], o.strides()[1], o.padding()), activation(c),
                true);
    }

    /**
     * Conv2D with {@code data_format="channels_first"}: its (c, h, w) input is permuted to channels last for the
     * convolution ({@code name/conv}) and the result permuted back under the layer's own name.
     */
    private static Layer channelsFirstConv(Model.Builder builder, LayerConfig c, Layer inbound, WeightSource weights,
                                           String prefix) {
        if (inbound.outputShape().rank() != 3) {
            throw c.error("takes (channels, height, width) input, got " + inbound.outputShape());
        }
        ConvOptions o = ConvOptions.of(c);
        int[] k = o.kernel();
        int[] s = o.strides();
        int filters = c.integer("filters");
        boolean useBias = c.bool("use_bias", true);
        List<Weight> w = weights.weightsOf(c, useBias ? 2 : 1);
        int in = inbound.outputShape().dim(0);
        Tensor kernel = checked(c, w.get(0), Shape.of(k[0], k[1], in, filters),
                "kernel_size " + k[0] + "x" + k[1] + ", " + in + " input channels and " + filters + " filters");
        Tensor bias = useBias ? checked(c, w.get(1), Shape.of(filters), filters + " filters") : null;
        Layer last = builder.add(prefix + c.name() + "/to_channels_last", "Permute",
                new LayerOp.Permute(List.of(1, 2, 0)), Activation.LINEAR, inbound);
        Layer conv = builder.add(prefix + c.name() + "/conv", "Conv2D",
                new LayerOp.Conv2D(kernel, bias, s[0], s[1], o.padding()), activation(c), last);
        return builder.add(prefix + c.name(), "Conv2D", new LayerOp.Permute(List.of(2, 0, 1)), Activation.LINEAR, conv);
    }

    /**
     * DepthwiseConv2D, and SeparableConv2D as two nodes: {@code name/depthwise} then the pointwise 1x1
     * convolution under the layer's own name, which holds the bias and activation.
     */
    static Layer depthwise(Site site) {
        Model.Builder builder = site.builder();
        LayerConfig c = site.c();
        Layer inbound = site.inbound();
        WeightSource weights = site.weights();
        String prefix = site.prefix();
        channelsLast(c);
        ConvOptions o = ConvOptions.of(c);
        boolean separable = c.className().equals("SeparableConv2D");
        int[] k = o.kernel();
        int[] s = o.strides();
        int multiplier = c.has("depth_multiplier") ? c.integer("depth_multiplier") : 1;
        boolean useBias = c.bool("use_bias", true);
        int in = inbound.outputShape().dim(-1);
        List<Weight> w = weights.weightsOf(c, (separable ? 2 : 1) + (useBias ? 1 : 0));
        Tensor depthwise = checked(c, w.get(0), Shape.of(k[0], k[1], in, multiplier),
                "kernel_size " + k[0] + "x" + k[1] + ", " + in + " channels, depth multiplier " + multiplier);
        Activation activation = activation(c);
        if (!separable) {
            Tensor bias = useBias ? checked(c, w.get(1), Shape.of(in * multiplier), in * multiplier + " channels") : null;
            return builder.add(prefix + c.name(), c.className(),
                    new LayerOp.DepthwiseConv2D(depthwise, bias, s[0], s[1], o.padding()), activation, inbound);
        }
        int filters = c.integer("filters");
        Tensor pointwise = checked(c, w.get(1), Shape.of(1, 1, in * multiplier, filters),
                in * multiplier + " channels and " + filters + " filters");
        Tensor bias = useBias ? checked(c, w.get(2), Shape.of(filters), filters + " filters") : null;
        Layer depth = builder.add(prefix + c.name() + "/depthwise", "SeparableConv2D",
                new LayerOp.DepthwiseConv2D(depthwise, null, s[0], s[1], o.padding()), Activation.LINEAR, inbound);
        return builder.add(prefix + c.name(), c.className(),
                new LayerOp.Conv2D(pointwise, bias, 1, 1, Padding.VALID), activation, depth);
    }
}
