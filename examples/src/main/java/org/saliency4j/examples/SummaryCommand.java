package org.saliency4j.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.saliency4j.backend.BackendSelection;
import org.saliency4j.keras.KerasModels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code summary}: prints a model as Keras' {@code model.summary()} does. */
@Command(name = "summary", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "The model layer by layer, as Keras' model.summary() (nested models as one row).")
final class SummaryCommand implements Callable<Integer> {
    @Mixin
    private Cli.ModelOption model = new Cli.ModelOption();
    @Option(names = "--backend", paramLabel = "<name>", completionCandidates = Cli.BackendNames.class,
            converter = Cli.BackendNames.class,
            description = "also say which backend would run the model, and why: ${COMPLETION-CANDIDATES}")
    private @org.jspecify.annotations.Nullable String backend;
    @Spec
    private CommandSpec spec = CommandSpec.create();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        out.print(KerasModels.load(model.file()).summary());
        if (backend != null) {
            Cli.BackendOption option = new Cli.BackendOption();
            option.name = backend;
            BackendSelection s = option.select();
            out.println("backend " + s.provider().name() + ": " + s.reason());
        }
        return 0;
    }
}
