package org.saliency4j.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.saliency4j.attribution.Attribution;
import org.saliency4j.attribution.Logits;
import org.saliency4j.backend.Backend;
import org.saliency4j.backend.BackendSelection;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.tensor.Tensor;
import org.saliency4j.trust.SanityCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code assess}: can these maps be trusted? Faithfulness metrics of every method's map of every image, optionally
 * the randomisation sanity check, written as {@value #JSON} and a self-contained {@value #REPORT}.
 */
@Command(name = "assess", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Faithfulness metrics and sanity checks of attribution maps: assessment.json and report.html.")
final class AssessCommand implements Callable<Integer> {
    static final String JSON = "assessment.json";
    static final String REPORT = "report.html";

    @Mixin
    private AttributionOptions options = new AttributionOptions();
    @Option(names = "--metrics", paramLabel = "<m1,m2,...>",
            defaultValue = "deletion,insertion,mufidelity,average-drop,infidelity,max-sensitivity",
            description = "the metrics, comma-separated; default: ${DEFAULT-VALUE}")
    private String metrics = "";
    @Option(names = "--pixels-per-step", paramLabel = "<n>",
            description = "pixels deletion and insertion change per step (default 1/32 of the image)")
    private @Nullable Integer pixelsPerStep;
    @Option(names = "--sanity", paramLabel = "<mode>",
            description = "also run the randomisation sanity check: cascading or independent")
    private @Nullable String sanity;
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
        List<String> chosen = metricNames();
        SanityCheck.Mode mode = sanityMode();
        int step = pixelsPerStep == null ? 0 : Cli.positive(spec, "--pixels-per-step", pixelsPerStep);
        AttributionOptions.Prepared p = options.prepare();
        if (!Logits.hasProbability(p.model().output())) {
            for (String m : chosen) {
                if (List.of("deletion", "insertion", "average-drop").contains(m)) {
                    throw Cli.usageError(spec, "--metrics " + m + " scores the target's probability, which a model "
                            + "whose output is one unit without a sigmoid does not give; choose among mufidelity, "
                            + "infidelity and max-sensitivity");
                }
            }
        }
        OutputFolder folder = output.open(List.of(JSON, REPORT));
        BackendSelection selection = backend.select();
        quiet.backendLine(selection, err);
        List<Tensor> batch = p.inputs().stream().map(Explanations.Input::input).toList();
        Tensor images = Tensor.concatBatch(batch.toArray(Tensor[]::new));
        List<Assessment.MethodResult> results;
        long units = (long) p.methods().size() * (1 + chosen.size() + (mode == null ? 0 : 1));
        try (Backend b = selection.create(); CompiledModel compiled = b.compile(p.model());
             Progress progress = quiet.progress("assess", units, "steps", err)) {
            results = Assessment.run(b, compiled, p.model(), p.methods(), images, p.target(), chosen, step, mode,
                    options.seed(), progress::advance);
        }
        warnUndefined(results, p.inputs(), err);
        List<String> columns = new ArrayList<>();
        for (String m : chosen) {
            columns.add(m);
            if (m.equals("average-drop")) {
                columns.add("increase-in-confidence");
            }
        }
        Map<String, Object> settings = new LinkedHashMap<>(options.reading());
        settings.put("methods", ExplainCommand.settings(p.methods()));
        settings.put("metrics", chosen);
        settings.put("pixelsPerStep", step == 0 ? "1/32 of the image" : step);
        settings.put("sanity", mode == null ? "none" : mode.name().toLowerCase(Locale.ROOT));
        settings.put("seed", options.seed());
        folder.write(JSON, Json.bytes(record(p, settings, results, columns)));
        folder.write(REPORT, AssessmentReport.page(p.modelFile().getFileName().toString(), p.inputs(), p.names(),
                results, columns));
        spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s and %s for %d image(s) x %d method(s) to %s%n",
                JSON, REPORT, p.inputs().size(), p.methods().size(), output.path());
        return 0;
    }

    /** One line naming the maps a metric is not defined for (MuFidelity of a map of zeros), if any. */
    private static void warnUndefined(List<Assessment.MethodResult> results, List<Explanations.Input> inputs,
                                      PrintWriter err) {
        List<String> undefined = new ArrayList<>();
        for (Assessment.MethodResult r : results) {
            for (int i = 0; i < inputs.size(); i++) {
                for (Map.Entry<String, @Nullable Double> e : r.metrics().get(i).entrySet()) {
                    if (e.getValue() == null) {
                        undefined.add(e.getKey() + " of " + r.method().name() + " on "
                                + inputs.get(i).file().getFileName());
                    }
                }
            }
        }
        if (!undefined.isEmpty()) {
            err.println("warning: " + undefined.size() + " metric value(s) not defined ("
                    + String.join(", ", undefined.subList(0, Math.min(3, undefined.size())))
                    + (undefined.size() > 3 ? ", ..." : "") + "): the map's sums or the score's drops are the same "
                    + "for every subset, as for a map of zeros; left out of the means, null in " + JSON);
        }
    }

    private List<String> metricNames() {
        List<String> asked = Stream.of(metrics.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String m : asked) {
            if (!Assessment.METRICS.contains(m)) {
                throw Cli.usageError(spec, "--metrics: no metric '" + m
                        + "'; the metrics are " + String.join(", ", Assessment.METRICS));
            }
        }
        if (asked.isEmpty()) {
            throw Cli.usageError(spec, "--metrics names no metric");
        }
        return asked;
    }

    private SanityCheck.@Nullable Mode sanityMode() {
        if (sanity == null) {
            return null;
        }
        return switch (sanity.toLowerCase(Locale.ROOT)) {
            case "cascading" -> SanityCheck.Mode.CASCADING;
            case "independent" -> SanityCheck.Mode.INDEPENDENT;
            default -> throw Cli.usageError(spec,
                    "--sanity takes cascading or independent, not '" + sanity + "'");
        };
    }

    private static Map<String, Object> record(AttributionOptions.Prepared p, Map<String, Object> settings,
                                              List<Assessment.MethodResult> results, List<String> columns)
            throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("model", p.modelFile().getFileName().toString());
        root.put("sha256", p.digest().sha256());
        root.put("settings", settings);
        List<Object> images = new ArrayList<>();
        for (int i = 0; i < p.inputs().size(); i++) {
            Map<String, Object> image = new LinkedHashMap<>();
            Attribution first = results.get(0).maps().get(i);
            image.put("file", p.inputs().get(i).file().toString());
            image.put("target", first.target());
            if (!p.names().isEmpty()) {
                image.put("targetName", p.names().get(first.target()));
            }
            Map<String, Object> metrics = new LinkedHashMap<>();
            for (Assessment.MethodResult r : results) {
                metrics.put(r.method().name(), r.metrics().get(i));
            }
            image.put("metrics", metrics);
            images.add(image);
        }
        root.put("images", images);
        root.put("summary", AssessmentReport.summary(results, columns));
        if (results.get(0).sanity() != null) {
            Map<String, Object> sanity = new LinkedHashMap<>();
            Map<String, Object> undefined = new LinkedHashMap<>();
            for (Assessment.MethodResult r : results) {
                Map<String, Object> layers = new LinkedHashMap<>();
                Map<String, Object> counts = new LinkedHashMap<>();
                for (SanityCheck.Step s : r.checkedSanity().steps()) {
                    Map<String, Object> means = new LinkedHashMap<>();
                    s.mean().forEach((k, v) -> means.put(k, Double.isNaN(v) ? null : v));
                    layers.put(s.layer(), means);
                    counts.put(s.layer(), s.undefined());
                }
                sanity.put(r.method().name(), layers);
                undefined.put(r.method().name(), counts);
            }
            root.put("sanity", sanity);
            root.put("sanityUndefined", undefined);
        }
        return root;
    }
}
