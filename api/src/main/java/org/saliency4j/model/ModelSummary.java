package org.saliency4j.model;

import java.util.List;
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
        boolean graph = model.nodes().stream().anyMatch(l -> l.inbound().size() > 1 && topContainer(model, l) == null);
        int width = NAME + SHAPE + PARAMS + (graph ? CONNECTED : 0);
        String thin = "_".repeat(width) + "\n";
        String thick = "=".repeat(width) + "\n";
        StringBuilder s = new StringBuilder();
        s.append("Model: \"").append(model.name()).append("\"\n").append(thin);
        s.append(row("Layer (type)", "Output Shape", "Param #", graph ? "Connected to" : null)).append(thick);
        boolean first = true;
        java.util.Set<String> shown = new java.util.HashSet<>();
        for (Layer l : model.layers()) {
            String top = topContainer(model, l);
            if (top != null && !shown.add(top)) {
                continue;
            }
            if (!first) {
                s.append(thin);
            }
            first = false;
            String connected = l.inbound().stream().map(Layer::name).collect(Collectors.joining(", "));
            if (top == null) {
                s.append(row(l.toString(), l.outputShape().toKerasString(), Long.toString(l.op().parameterCount()),
                        graph ? connected : null));
            } else {
                // As Keras: a nested model is one row, with its output shape and all its parameters.
                List<Layer> inside = model.nodes().stream().filter(n -> n.name().startsWith(top + "/")).toList();
                long params = inside.stream().mapToLong(n -> n.op().parameterCount()).sum();
                s.append(row(top + " (" + model.containers().get(top) + ")",
                        inside.get(inside.size() - 1).outputShape().toKerasString(), Long.toString(params),
                        graph ? connected : null));
            }
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

    /** The outermost nested model a layer belongs to, or null for a layer of the model itself. */
    private static @org.jspecify.annotations.Nullable String topContainer(Model model, Layer l) {
        int slash = l.name().indexOf('/');
        if (slash < 0) {
            return null;
        }
        String top = l.name().substring(0, slash);
        return model.containers().containsKey(top) ? top : null;
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
