package org.saliency4j.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;
import org.saliency4j.keras.KerasModels;

/** {@code summary}: prints a model as Keras' {@code model.summary()} does. */
final class SummaryCommand {
    private SummaryCommand() {
    }

    static void run(String[] args, PrintStream out) throws IOException {
        Options o = Options.parse(args, 1, Set.of("model"));
        Path model = Locations.model(o.get("model"));
        out.print(KerasModels.load(model).summary());
    }
}
