package org.saliency4j.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.saliency4j.keras.KerasInspection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code inspect}: what a model file holds, which layer classes are supported, and whether (or why not) it loads. */
@Command(name = "inspect", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "The file's format, Keras version and layer classes (supported or not), and whether or why "
                + "not it loads.")
final class InspectCommand implements Callable<Integer> {
    @Mixin
    private Cli.ModelOption model = new Cli.ModelOption();
    @Spec
    private CommandSpec spec = CommandSpec.create();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        KerasInspection i = KerasInspection.of(model.file());
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
        return 0;
    }
}
