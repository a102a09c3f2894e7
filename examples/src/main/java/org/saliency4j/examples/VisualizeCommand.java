package org.saliency4j.examples;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.saliency4j.backend.Backend;
import org.saliency4j.backend.BackendSelection;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.image.Heatmaps;
import org.saliency4j.image.PixelScaling;
import org.saliency4j.image.Png;
import org.saliency4j.keras.KerasModels;
import org.saliency4j.model.Layer;
import org.saliency4j.model.Model;
import org.saliency4j.objective.FeatureObjectives;
import org.saliency4j.objective.SaliencyObjective;
import org.saliency4j.tensor.Shape;
import org.saliency4j.vis.FeatureVisualization;
import org.saliency4j.vis.ImageParameterization;
import org.saliency4j.vis.Transformations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code visualize}: what a class or a channel looks like to the model, by Lucid's feature visualisation
 * ({@link FeatureVisualization}): a grid PNG, one PNG per item and {@value #JSON}.
 */
@Command(name = "visualize", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Feature visualisation of classes or channels: PNGs and visualizations.json.")
final class VisualizeCommand implements Callable<Integer> {
    static final String JSON = "visualizations.json";
    static final String GRID = "grid.png";

    @Mixin
    private Cli.ModelOption model = new Cli.ModelOption();
    @Option(names = "--scale", paramLabel = "<preset>", defaultValue = "1",
            description = "how the model takes pixels p: 1 (p/255, the default), 255, -1..1, affine:A,B, caffe, torch")
    private String scale = "1";
    @Option(names = "--classes", paramLabel = "<a..b>", description = "the classes to visualise, e.g. 0..9")
    private @Nullable String classes;
    @Option(names = "--class-names", paramLabel = "<file or cifar10>",
            description = "the model's class names, one per line, or cifar10; used for the titles")
    private @Nullable String classNames;
    @Option(names = "--layer", paramLabel = "<name>", description = "the layer whose channels are visualised")
    private @Nullable String layer;
    @Option(names = "--channels", paramLabel = "<a..b>", description = "the channels of --layer, e.g. 0..7")
    private @Nullable String channels;
    @Option(names = "--steps", paramLabel = "<n>", defaultValue = "" + FeatureVisualization.DEFAULT_STEPS,
            description = "optimisation steps (default: ${DEFAULT-VALUE})")
    private int steps;
    @Option(names = "--seed", paramLabel = "<n>", defaultValue = "0", description = "the seed (default 0)")
    private long seed;
    @Option(names = "--parameterization", paramLabel = "<kind>", defaultValue = "fft",
            description = "fft (Lucid's Fourier image, the default) or pixel")
    private String parameterization = "fft";
    @Option(names = "--no-decorrelate", description = "leave colours as they are (no ImageNet decorrelation)")
    private boolean noDecorrelate;
    @Option(names = "--no-transforms", description = "no random transformations between steps")
    private boolean noTransforms;
    @Option(names = "--batch", paramLabel = "<n>", description = "items optimised together (default: all)")
    private @Nullable Integer batch;
    @Mixin
    private Cli.BackendOption backend = new Cli.BackendOption();
    @Mixin
    private Cli.OutputOption output = new Cli.OutputOption();
    @Mixin
    private Cli.QuietOption quiet = new Cli.QuietOption();
    @Spec
    private CommandSpec spec = CommandSpec.create();

    /** One thing to visualise. */
    private record Item(@Nullable Integer classIndex, @Nullable String layerName, @Nullable Integer channel,
                        SaliencyObjective objective, String fileName) {
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        PixelScaling scaling = Cli.usage(spec, () -> PixelScaling.parse(scale));
        int n = Cli.positive(spec, "--steps", steps);
        ImageParameterization param = switch (parameterization.toLowerCase(Locale.ROOT)) {
            case "fft" -> ImageParameterization.fourier();
            case "pixel" -> ImageParameterization.pixels();
            default -> throw Cli.usageError(spec, "--parameterization takes fft or pixel, not '" + parameterization + "'");
        };
        param = param.withDecorrelation(!noDecorrelate);
        Path modelFile = model.file();
        FileDigest digest = FileDigest.start(modelFile);
        Model m = KerasModels.load(modelFile);
        List<String> names;
        try {
            names = AttributionOptions.classNames(classNames, m);
        } catch (IllegalArgumentException e) {
            throw Cli.usageError(spec, e.getMessage());
        }
        // What the run would refuse after the backend has started, refused now.
        Shape image = Cli.usage(spec, () -> FeatureVisualization.imageOf(m.inputShape()));
        if (!scaling.fits(image.dim(2))) {
            throw Cli.usageError(spec, "--scale " + scale + " needs 3 colour channels; the model's images have "
                    + image.dim(2));
        }
        List<Item> items = items(m);
        int per = batch == null ? items.size() : Cli.positive(spec, "--batch", batch);
        List<String> files = new ArrayList<>(items.stream().map(Item::fileName).toList());
        files.add(GRID);
        files.add(JSON);
        OutputFolder folder = output.open(files);
        FeatureVisualization vis = FeatureVisualization.defaults().withParameterization(param).withSteps(n)
                .withScaling(scaling);
        if (noTransforms) {
            vis = vis.withTransformations(Transformations.none());
        }
        BackendSelection selection = backend.select();
        quiet.backendLine(selection, err);
        List<FeatureVisualization.Result> results = new ArrayList<>();
        List<Integer> firsts = new ArrayList<>();
        try (Backend b = selection.create(); CompiledModel compiled = b.compile(m);
             Progress progress = quiet.progress("visualize", items.size(), "items", err)) {
            for (int from = 0; from < items.size(); from += per) {
                List<Item> part = items.subList(from, Math.min(items.size(), from + per));
                results.add(vis.withSeed(seed + from).run(compiled, part.stream().map(Item::objective).toList()));
                firsts.add(from);
                progress.advance(part.size());
            }
        }
        write(folder, modelFile, digest, image, items, results, firsts, names, vis);
        spec.commandLine().getOut().printf(Locale.ROOT, "wrote %d image(s), %s and %s to %s%n", items.size(), GRID,
                JSON, output.path());
        return 0;
    }

    private List<Item> items(Model m) {
        if ((classes == null) == (layer == null)) {
            throw Cli.usageError(spec, "give --classes a..b, or --layer <name> with --channels a..b");
        }
        List<Item> items = new ArrayList<>();
        if (classes != null) {
            int[] range = range("--classes", classes, m.output().outputShape().size());
            for (int c = range[0]; c <= range[1]; c++) {
                int k = c;
                items.add(new Item(c, null, null, Cli.usage(spec, () -> FeatureObjectives.classLogit(m.output(), k)),
                        "class-" + c + ".png"));
            }
            return items;
        }
        String name = java.util.Objects.requireNonNull(layer, "--layer"); // one of --classes and --layer, checked above
        Layer l = Cli.usage(spec, () -> m.layer(name));
        if (channels == null) {
            throw Cli.usageError(spec, "--layer needs --channels a..b");
        }
        int[] range = range("--channels", channels, l.outputShape().dim(-1));
        for (int c = range[0]; c <= range[1]; c++) {
            int k = c;
            items.add(new Item(null, l.name(), c, Cli.usage(spec, () -> FeatureObjectives.channel(l, k)),
                    l.name().replaceAll("[^A-Za-z0-9._-]", "_") + "-channel-" + c + ".png"));
        }
        return items;
    }

    /** "a..b" or "a", checked to lie in 0..count-1. */
    private int[] range(String option, String text, int count) {
        String[] parts = text.trim().split("\\.\\.", -1);
        try {
            int a = Integer.parseInt(parts[0].trim());
            int b = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : a;
            if (parts.length <= 2 && a >= 0 && b >= a && b < count) {
                return new int[] {a, b};
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw Cli.usageError(spec, option + " takes a..b with 0 <= a <= b <= " + (count - 1) + ", not '" + text + "'");
    }

    private void write(OutputFolder folder, Path modelFile, FileDigest digest, Shape input, List<Item> items,
                       List<FeatureVisualization.Result> results, List<Integer> firsts, List<String> names,
                       FeatureVisualization vis) throws IOException {
        List<Object> records = new ArrayList<>();
        List<@Nullable BufferedImage> pictures = new ArrayList<>();
        List<@Nullable String> titles = new ArrayList<>();
        int per = input.size();
        for (int r = 0; r < results.size(); r++) {
            FeatureVisualization.Result result = results.get(r);
            double[] images = result.images().toArray();
            double[] display = result.display().toArray();
            for (int j = 0; j < result.formulas().size(); j++) {
                Item item = items.get(firsts.get(r) + j);
                BufferedImage picture = Pictures.display(display, j * per, input);
                folder.write(item.fileName(), Png.encode(picture));
                pictures.add(picture);
                Integer c = item.classIndex();
                titles.add(c != null ? (names.isEmpty() ? "class " + c : names.get(c))
                        : ownName(item.layerName()) + " " + item.channel());
                Map<String, Object> rec = new LinkedHashMap<>();
                rec.put("class", item.classIndex());
                rec.put("layer", item.layerName());
                rec.put("channel", item.channel());
                rec.put("objective", result.formulas().get(j));
                rec.put("objectiveHistory", result.objectives()[j]);
                rec.put("image", nested(images, j * per, input));
                records.add(rec);
            }
        }
        List<List<@Nullable BufferedImage>> rows = new ArrayList<>();
        List<List<@Nullable String>> rowTitles = new ArrayList<>();
        for (int i = 0; i < pictures.size(); i += 10) {
            rows.add(new ArrayList<>(pictures.subList(i, Math.min(pictures.size(), i + 10))));
            rowTitles.add(new ArrayList<>(titles.subList(i, Math.min(titles.size(), i + 10))));
        }
        folder.write(GRID, Png.encode(Heatmaps.grid(rows, rowTitles, 128)));
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("scale", scale);
        settings.put("parameterization", parameterization);
        settings.put("decorrelate", !noDecorrelate && input.dim(2) == 3); // colours only: grey images have none
        settings.put("transforms", vis.transformationsFor(input).toString());
        settings.put("steps", steps);
        settings.put("optimizer", "Adam, learning rate " + FeatureVisualization.DEFAULT_LEARNING_RATE);
        settings.put("seed", seed);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("model", modelFile.getFileName().toString());
        root.put("sha256", digest.sha256());
        root.put("settings", settings);
        root.put("items", records);
        folder.write(JSON, Json.bytes(root));
    }

    /** A layer's own Keras name, without the path through nested models (the grid's titles are short). */
    private static String ownName(@Nullable String layerName) {
        String name = String.valueOf(layerName);
        return name.substring(name.lastIndexOf('/') + 1);
    }

    /** One image as [row][col][channel]. */
    private static double[][][] nested(double[] values, int offset, Shape input) {
        double[][][] out = new double[input.dim(0)][input.dim(1)][input.dim(2)];
        for (int y = 0; y < input.dim(0); y++) {
            for (int x = 0; x < input.dim(1); x++) {
                for (int k = 0; k < input.dim(2); k++) {
                    out[y][x][k] = values[offset + (y * input.dim(1) + x) * input.dim(2) + k];
                }
            }
        }
        return out;
    }
}
