package org.saliency4j.model;

import java.util.Locale;
import java.util.stream.Collectors;

/** Formats {@link Model#summary()} in the layout of Keras 2's {@code model.summary()}. */
final class ModelSummary {
    private static final int NAME = 29;
    private static final int SHAPE = 26;
    private static final int PARAMS = 10;
    private static final int CONNECTED = 30;

    private ModelSummary() {
    }

    static String format(Model model) {
        boolean graph = model.nodes().stream().anyMatch(l -> l.inbound().size() > 1);
        int width = NAME + SHAPE + PARAMS + (graph ? CONNECTED : 0);
        String thin = "_".repeat(width) + "\n";
        String thick = "=".repeat(width) + "\n";
        StringBuilder s = new StringBuilder();
        s.append("Model: \"").append(model.name()).append("\"\n").append(thin);
        s.append(row("Layer (type)", "Output Shape", "Param #", graph ? "Connected to" : null)).append(thick);
        boolean first = true;
        for (Layer l : model.layers()) {
            if (!first) {
                s.append(thin);
            }
            first = false;
            String connected = l.inbound().stream().map(Layer::name).collect(Collectors.joining(", "));
            s.append(row(l.toString(), l.outputShape().toKerasString(), Long.toString(l.op().parameterCount()),
                    graph ? connected : null));
        }
        long total = model.parameterCount();
        long frozen = model.nodes().stream().mapToLong(l -> l.op().nonTrainableParameterCount()).sum();
        s.append(thick);
        s.append(String.format(Locale.ROOT, "Total params: %,d\n", total));
        s.append(String.format(Locale.ROOT, "Trainable params: %,d\n", total - frozen));
        s.append(String.format(Locale.ROOT, "Non-trainable params: %,d\n", frozen));
        s.append(thin);
        return s.toString();
    }

    private static String row(String name, String shape, String params, @org.jspecify.annotations.Nullable String connected) {
        String r = pad(name, NAME) + pad(shape, SHAPE) + pad(params, PARAMS) + (connected == null ? "" : connected);
        return r.stripTrailing() + "\n";
    }

    private static String pad(String text, int width) {
        String t = text.length() >= width ? text.substring(0, width - 1) : text;
        return t + " ".repeat(width - t.length());
    }
}
