package org.saliency4j.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import java.util.Set;
import org.saliency4j.keras.KerasInspection;

/** {@code inspect}: what a model file holds, which layer classes are supported, and whether (or why not) it loads. */
final class InspectCommand {
    private InspectCommand() {
    }

    static void run(String[] args, PrintStream out) throws IOException {
        Options o = Options.parse(args, 1, Set.of("model", "backend"));
        KerasInspection i = KerasInspection.of(Locations.model(o.get("model")));
        out.println("file:          " + i.file());
        out.println("format:        " + i.format());
        out.println("keras version: " + i.kerasVersion());
        out.println("model class:   " + i.modelClass());
        out.println("layer classes:");
        for (Map.Entry<String, Integer> e : i.layerClasses().entrySet()) {
            out.printf("  %-28s %4d  %s%n", e.getKey(), e.getValue(),
                    i.unsupported().contains(e.getKey()) ? "NOT SUPPORTED" : "supported");
        }
        if (i.model() != null) {
            out.println("loads:         " + i.model().layers().size() + " layers, " + i.model().parameterCount()
                    + " parameters, input " + i.model().inputShape().toKerasString());
        } else {
            out.println("does not load: " + i.error());
        }
    }
}
