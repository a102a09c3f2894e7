package org.saliency4j.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;
import org.saliency4j.backend.BackendSelection;
import org.saliency4j.backend.Backends;
import org.saliency4j.keras.KerasModels;

/** {@code summary}: prints a model as Keras' {@code model.summary()} does. */
final class SummaryCommand {
    private SummaryCommand() {
    }

    static void run(String[] args, PrintStream out) throws IOException {
        Options o = Options.parse(args, 1, Set.of("model", "backend"));
        Path model = Locations.model(o.get("model"));
        out.print(KerasModels.load(model).summary());
        // summary runs nothing; --backend is accepted as on every command and says what would run the model.
        if (o.get("backend") != null) {
            BackendSelection s = Backends.select(o.get("backend"), "the --backend option");
            out.println("backend " + s.provider().name() + ": " + s.reason());
        }
    }
}
