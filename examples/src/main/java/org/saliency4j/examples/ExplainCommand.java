package org.saliency4j.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.saliency4j.attribution.AttributionMethod;
import org.saliency4j.backend.Backend;
import org.saliency4j.backend.BackendSelection;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.model.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code explain}: attribution maps of a model's predictions on the user's images, written as an overlay PNG per
 * image and method, a grid PNG per image, and one {@code explanations.json} ({@link Explanations}).
 */
@Command(name = "explain", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Attribution maps of the model's prediction on each image: PNGs and explanations.json.")
final class ExplainCommand implements Callable<Integer> {
    @Mixin
    private AttributionOptions options = new AttributionOptions();
    @Mixin
    private Cli.BackendOption backend = new Cli.BackendOption();
    @Mixin
    private Cli.OutputOption output = new Cli.OutputOption();
    @Mixin
    private Cli.QuietOption quiet = new Cli.QuietOption();
    @Spec
    private CommandSpec spec = CommandSpec.create();

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        AttributionOptions.Prepared p = options.prepare();
        List<AttributionMethod> chosen = p.methods();
        List<Explanations.Input> inputs = p.inputs();
        Model m = p.model();
        Explanations writer = new Explanations(output.path(), output.force(), inputs, chosen, p.names());
        BackendSelection selection = backend.select();
        quiet.backendLine(selection, err);
        try (Backend b = selection.create(); CompiledModel compiled = b.compile(m);
             Progress progress = quiet.progress("explain", (long) inputs.size() * chosen.size(), "maps", err)) {
            writer.run(compiled, p.target(), p.modelFile(), p.digest(), progress::advance);
        }
        if (writer.emptyMaps() > 0) {
            err.println("warning: " + writer.emptyMaps() + " map(s) were all zeros and are shown as zeros");
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "wrote %d image(s) x %d method(s) and %s to %s%n",
                inputs.size(), chosen.size(), Explanations.JSON, output.path());
        return 0;
    }

    /** @return the settings of each method, for the record */
    static Map<String, Object> settings(List<AttributionMethod> methods) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (AttributionMethod method : methods) {
            m.put(method.name(), method.settings());
        }
        return m;
    }
}
