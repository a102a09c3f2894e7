package org.saliency4j.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.saliency4j.attribution.AttributionMethod;
import org.saliency4j.attribution.Attributions;
import org.saliency4j.attribution.Baseline;
import org.saliency4j.attribution.GradCam;
import org.saliency4j.attribution.IntegratedGradients;
import org.saliency4j.attribution.MethodOptions;
import org.saliency4j.attribution.Occlusion;
import org.saliency4j.attribution.Quadrature;
import org.saliency4j.attribution.Rise;
import org.saliency4j.attribution.Target;
import org.saliency4j.image.Images;
import org.saliency4j.image.PixelScaling;
import org.saliency4j.keras.KerasModels;
import org.saliency4j.model.Model;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options {@code explain} and {@code assess} share: the model, the images and how they are read, the target and
 * the attribution methods with their settings; and what they give once checked, before any work.
 */
final class AttributionOptions {
    /** The methods run when --methods is not given. */
    static final String DEFAULT_METHODS = "saliency,smoothgrad,integrated-gradients,grad-cam,occlusion";

    @Mixin
    private Cli.ModelOption model = new Cli.ModelOption();
    @Option(names = "--image", paramLabel = "<file or folder>", required = true, arity = "1..*",
            description = "the images to explain; a folder's image files are taken in order of name")
    private List<Path> images = new ArrayList<>();
    @Option(names = "--scale", paramLabel = "<preset>", defaultValue = "1",
            description = {"how 8-bit pixels p become model inputs: 1 (p/255, the default), 255 (p), -1..1 "
                    + "(p/127.5 - 1), affine:A,B (p*A + B), caffe (BGR minus ImageNet means), torch (ImageNet mean "
                    + "and std)"})
    private String scale = "1";
    @Option(names = "--fit", paramLabel = "<how>", defaultValue = "stretch",
            description = "how an image of another shape is fitted: stretch (resize; the default) or centre-crop")
    private String fit = "stretch";
    @Option(names = "--target", paramLabel = "<class>", defaultValue = "top1",
            description = "the class explained: top1 (the prediction; the default), an index, or a class name")
    private String target = "top1";
    @Option(names = "--class-names", paramLabel = "<file or cifar10>",
            description = "the model's class names, one per line, or cifar10; used for --target and the titles")
    private @Nullable String classNames;
    @Option(names = "--methods", paramLabel = "<m1,m2,...>", defaultValue = DEFAULT_METHODS,
            description = "the methods, comma-separated, or all (every one that fits the model); default: "
                    + "${DEFAULT-VALUE}")
    private String methods = DEFAULT_METHODS;
    @Option(names = "--layer", paramLabel = "<name>",
            description = "the Grad-CAM layer; default: the last with a spatial grid larger than 1 x 1")
    private @Nullable String layer;
    @Option(names = "--steps", paramLabel = "<n>", description = "Integrated Gradients' steps (default 50)")
    private @Nullable Integer steps;
    @Option(names = "--ig-rule", paramLabel = "<rule>",
            description = "Integrated Gradients' rule: gauss-legendre (the default) or trapezoid")
    private @Nullable String igRule;
    @Option(names = "--baseline", paramLabel = "<zero|blur:S|file>",
            description = "Integrated Gradients' baseline: zero (the default; black for --scale 1), blur:S (each "
                    + "image blurred with a Gaussian of S pixels), or an image file, read as the images are")
    private @Nullable String baseline;
    @Option(names = "--ig-tolerance", paramLabel = "<fraction>",
            description = "double Integrated Gradients' steps until its completeness delta is within this fraction "
                    + "of |S(x) - S(baseline)| (default: off, the steps as given)")
    private @Nullable Double igTolerance;
    @Option(names = "--samples", paramLabel = "<n>", description = "SmoothGrad's samples (default 50)")
    private @Nullable Integer samples;
    @Option(names = "--noise", paramLabel = "<level>",
            description = "SmoothGrad's noise, a fraction of the image's range (default 0.15)")
    private @Nullable Double noise;
    @Option(names = "--seed", paramLabel = "<n>", description = "the seed of SmoothGrad's noise and RISE's masks "
            + "(for assess also of the metrics' draws and the randomisation)")
    private @Nullable Long seed;
    @Option(names = "--window", paramLabel = "<n>", description = "occlusion's window side (default 4, or 16 above "
            + "64 pixels)")
    private @Nullable Integer window;
    @Option(names = "--stride", paramLabel = "<n>", description = "occlusion's stride (default half the window)")
    private @Nullable Integer stride;
    @Option(names = "--batch", paramLabel = "<n>",
            description = "inputs per pass through the model (default: what fits the memory, at most 64)")
    private @Nullable Integer batch;
    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec = CommandSpec.create();

    /**
     * What the options give, each checked.
     *
     * @param modelFile the model file
     * @param digest    its SHA-256, under way
     * @param model     the model
     * @param names     its class names, or empty
     * @param target    the class explained
     * @param methods   the methods, their model-dependent defaults (Grad-CAM's layer, occlusion's window) resolved
     * @param inputs    the images, read
     */
    record Prepared(Path modelFile, FileDigest digest, Model model, List<String> names, Target target,
                    List<AttributionMethod> methods, List<Explanations.Input> inputs) {
    }

    /**
     * Checks every option and reads the model and every image, before any work: a bad one fails at once.
     *
     * @return what the options give
     * @throws IOException when a file cannot be read
     */
    Prepared prepare() throws IOException {
        PixelScaling scaling = Cli.usage(spec, () -> PixelScaling.parse(scale));
        Images.Fit fitting = switch (fit.toLowerCase(Locale.ROOT)) {
            case "stretch" -> Images.Fit.STRETCH;
            case "centre-crop", "center-crop" -> Images.Fit.CENTRE_CROP;
            default -> throw Cli.usageError(spec, "--fit takes stretch or centre-crop, not '" + fit + "'");
        };
        List<AttributionMethod> chosen = new ArrayList<>(methods());
        List<Path> files = imageFiles();
        Path modelFile = model.file();
        FileDigest digest = FileDigest.start(modelFile);
        Model m = KerasModels.load(modelFile);
        List<String> names = names(m);
        Target chosenTarget = target(names, m);
        // Grad-CAM's layer and occlusion's window are found (and checked) now, and named in the record.
        Baseline from = baseline(m, scaling, fitting);
        List<String> leftOut = new ArrayList<>();
        String why = "";
        for (int k = 0; k < chosen.size(); k++) {
            AttributionMethod method = chosen.get(k);
            try {
                chosen.set(k, Attributions.resolvedFor(from != null && method instanceof IntegratedGradients ig
                        ? ig.withBaseline(from) : method, m));
            } catch (IllegalArgumentException e) {
                if (!leavesOut(method)) {
                    throw Cli.usageError(spec, e.getMessage());
                }
                why = leftOut.isEmpty() ? e.getMessage() : why;
                leftOut.add(method.name());
                chosen.remove(k--);
            }
        }
        if (!leftOut.isEmpty()) {
            spec.commandLine().getErr().println("warning: " + (methods.equals(DEFAULT_METHODS) ? "the default methods "
                    + "leave" : "--methods all leaves") + " out " + String.join(", ", leftOut) + ": " + why);
        }
        List<Explanations.Input> inputs = new ArrayList<>();
        for (Path f : files) {
            inputs.add(new Explanations.Input(f, Images.read(f, m.inputShape(), scaling, fitting),
                    Images.picture(f, m.inputShape(), fitting)));
        }
        return new Prepared(modelFile, digest, m, names, chosenTarget, chosen, inputs);
    }

    /**
     * Whether a method that does not fit the model on its defaults is left out rather than refused: only under
     * {@code --methods all} or the default methods, and only where the user did not choose the setting that does not
     * fit (a Grad-CAM layer, an occlusion window).
     */
    private boolean leavesOut(AttributionMethod method) {
        return (methods.trim().equalsIgnoreCase("all") || methods.equals(DEFAULT_METHODS))
                && ((method instanceof GradCam && layer == null) || (method instanceof Occlusion && window == null)
                || method instanceof Rise);
    }

    /** @return how the images were read and what was explained, for a run's record */
    java.util.Map<String, Object> reading() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("scale", scale);
        m.put("fit", fit);
        m.put("target", target);
        return m;
    }

    /** @return the seed given, or 0 */
    long seed() {
        return seed == null ? 0 : seed;
    }

    /** The methods asked for, with the options that change them. */
    private List<AttributionMethod> methods() {
        List<String> asked = methods.trim().equalsIgnoreCase("all") ? Attributions.names()
                : Stream.of(methods.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (asked.isEmpty()) {
            throw Cli.usageError(spec, "--methods names no method; the methods are " + String.join(", ", Attributions.names()));
        }
        List<AttributionMethod> chosen = new ArrayList<>();
        for (String name : asked) {
            chosen.add(configured(Cli.usage(spec, () -> Attributions.byName(name))));
        }
        return chosen;
    }

    private AttributionMethod configured(AttributionMethod method) {
        int n = batch == null ? 0 : Cli.positive(spec, "--batch", batch);
        String ruleName = igRule;
        Quadrature rule = ruleName == null ? null : Cli.usage(spec, () -> {
            try {
                return Quadrature.parse(ruleName);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--ig-rule: " + e.getMessage(), e);
            }
        });
        return Cli.usage(spec, () -> MethodOptions.none().withInternalBatch(n).withSmoothing(samples, noise)
                .withIntegration(steps, rule, igTolerance, null).withLayer(layer).withOcclusion(window, stride)
                .withSeed(seed).applyTo(method));
    }

    /** Integrated Gradients' baseline as --baseline gives it, checked against the model; null where not given. */
    private @Nullable Baseline baseline(Model m, PixelScaling scaling, Images.Fit fitting) throws IOException {
        if (baseline == null) {
            return null;
        }
        String b = baseline.trim();
        if (b.equalsIgnoreCase("zero")) {
            return Baseline.zero();
        }
        if (b.toLowerCase(Locale.ROOT).startsWith("blur:")) {
            double sigma;
            try {
                sigma = Double.parseDouble(b.substring("blur:".length()));
            } catch (NumberFormatException e) {
                throw Cli.usageError(spec, "--baseline blur:S takes the blur in pixels, not '" + b + "'");
            }
            return Cli.usage(spec, () -> Baseline.blurred(sigma));
        }
        Path file = Path.of(b);
        if (!Files.isRegularFile(file)) {
            throw Cli.usageError(spec, "--baseline takes zero, blur:S or an image file; '" + b + "' is none of them");
        }
        return Baseline.image(Images.read(file, m.inputShape(), scaling, fitting), "image " + file.getFileName());
    }

    /** The image files: files as given, each folder's image files in order of name. */
    private List<Path> imageFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : images) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> in = Files.list(p)) {
                    List<Path> found = in.filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT)
                            .matches(".*\\.(png|jpe?g|bmp|gif)")).sorted().toList();
                    if (found.isEmpty()) {
                        throw new java.nio.file.NoSuchFileException(p.toString(), null,
                                "a folder without PNG, JPEG, BMP or GIF files");
                    }
                    files.addAll(found);
                }
            } else {
                files.add(p);
            }
        }
        return files;
    }

    /** The class names given, checked against the model's outputs; empty where none are given. */
    private List<String> names(Model m) throws IOException {
        try {
            return classNames(classNames, m);
        } catch (IllegalArgumentException e) {
            throw Cli.usageError(spec, e.getMessage());
        }
    }

    /**
     * The class names a {@code --class-names} option gives: {@code cifar10}, or a file with one name per line.
     *
     * @param given the option's value, or null
     * @param m     the model, whose classes the names must match in number
     * @return the names; empty where none are given
     * @throws IOException              when the file cannot be read
     * @throws IllegalArgumentException when their number is not the model's
     */
    static List<String> classNames(@Nullable String given, Model m) throws IOException {
        if (given == null) {
            return List.of();
        }
        List<String> names = given.equalsIgnoreCase("cifar10") ? Cifar10.CLASS_NAMES
                : Files.readAllLines(Path.of(given), StandardCharsets.UTF_8).stream().map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
        int classes = m.output().outputShape().size();
        if (names.size() != classes) {
            throw new IllegalArgumentException("--class-names gives " + names.size() + " names for a model with "
                    + classes + " classes");
        }
        return names;
    }

    private Target target(List<String> names, Model m) {
        String t = target.trim();
        if (t.equalsIgnoreCase("top1")) {
            return Target.top1();
        }
        int classes = m.output().outputShape().size();
        int index;
        if (t.matches("\\d+")) {
            index = Integer.parseInt(t);
        } else {
            index = names.indexOf(t);
            if (index < 0) {
                throw Cli.usageError(spec, names.isEmpty() ? "--target " + t + " is a class name, but no --class-names were "
                        + "given" : "the model has no class '" + t + "'; its classes are " + String.join(", ", names));
            }
        }
        if (index >= classes) {
            throw Cli.usageError(spec, "--target " + index + ": the model has classes 0 to " + (classes - 1));
        }
        return Target.classIndex(index);
    }
}
