package org.saliency4j.examples;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.saliency4j.DataFormatException;
import org.saliency4j.backend.Backend;
import org.saliency4j.backend.BackendSelection;
import org.saliency4j.cpu.CpuBackendProvider;
import org.saliency4j.image.Png;
import org.saliency4j.keras.KerasModels;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.DoubleTensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code notebook --out <dir>}: runs the whole notebook and writes its seven figures, under the originals' names,
 * and {@code results.json}, the machine-readable record of the run.
 */
@Command(name = "notebook", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Reruns the saliency notebook and writes its seven figures and results.json.")
final class NotebookCommand implements Callable<Integer> {
    static final String RESULTS = "results.json";

    @Mixin
    private Cli.OutputOption output = new Cli.OutputOption();
    @Mixin
    private Cli.ModelOption model = new Cli.ModelOption();
    @Mixin
    private Cli.DataOption data = new Cli.DataOption();
    @Mixin
    private Cli.BackendOption backend = new Cli.BackendOption();
    @Mixin
    private Cli.QuietOption quiet = new Cli.QuietOption();
    @Spec
    private CommandSpec spec = CommandSpec.create();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> names = new ArrayList<>(NotebookFigures.NAMES);
        names.add(RESULTS);
        // Everything that can fail is checked before the folder is made and before any work.
        Path modelFile = model.file();
        Path dataPath = data.path();
        Path batchFile = Files.isDirectory(dataPath) ? dataPath.resolve(Cifar10.TEST_BATCH) : dataPath;
        FileDigest digest = FileDigest.start(modelFile);
        Model m = KerasModels.load(modelFile);
        Cli.usage(spec, () -> {
            Notebook.requireFits(m);
            return m;
        });
        Cifar10.LabeledImages test = Cifar10.read(batchFile, Notebook.PART3_TEST_IMAGE + 1);
        if (test.count() <= Notebook.PART3_TEST_IMAGE) {
            throw new DataFormatException(batchFile + ": holds " + test.count() + " CIFAR-10 record"
                    + (test.count() == 1 ? "" : "s") + "; the notebook needs at least " + (Notebook.PART3_TEST_IMAGE + 1)
                    + " (its part 3 uses test image " + Notebook.PART3_TEST_IMAGE + "): give the official test_batch.bin");
        }
        BackendSelection selection = backend.select();
        OutputFolder folder = output.open(names);
        quiet.backendLine(selection, err);
        long start = System.nanoTime();
        Notebook.Results r;
        // The notebook's runs share the cores already, one per thread; kernels that also shared each layer with
        // helper threads would only add threads that compete with the JIT for the cores (the whole command, 4.65
        // against 5.31 s, medians of 7 alternating launches on two cores). Unless told otherwise, each run's
        // kernels run on its own thread; the results are the same to the bit.
        String threads = System.getProperty(CpuBackendProvider.THREADS_PROPERTY);
        if (threads == null) {
            System.setProperty(CpuBackendProvider.THREADS_PROPERTY, "1");
        }
        try (Backend b = selection.create(); Progress progress = quiet.progress("notebook", Notebook.EPOCHS, "epochs",
                err)) {
            r = Notebook.run(m, b, test, progress::advance);
        } finally {
            if (threads == null) {
                System.clearProperty(CpuBackendProvider.THREADS_PROPERTY);
            }
        }
        write(r, folder, modelFile, digest, selection.provider().name());
        for (Notebook.ClassRun c : r.part1()) {
            out.println("figure 1 " + Notebook.CLASS_NAMES.get(c.classIndex()) + ": " + c.prediction().caption());
        }
        for (Notebook.Product p : r.part2()) {
            out.println("figure 3 plane x saliency(" + Notebook.CLASS_NAMES.get(p.saliencyClass()) + "): "
                    + p.prediction().caption());
        }
        for (Notebook.AscentRun a : r.part3()) {
            out.println("figure 4 " + a.subject().title() + ": " + activations(a));
        }
        for (Notebook.AscentRun a : r.part4()) {
            out.println("figure 7 " + a.subject().title() + ": " + activations(a));
        }
        out.printf(Locale.ROOT, "wrote %d figures and %s to %s in %.1f s%n", NotebookFigures.NAMES.size(), RESULTS,
                folder.path(), (System.nanoTime() - start) / 1e9);
        return 0;
    }

    /**
     * Draws and writes the seven figures and writes {@code results.json}, side by side on the available cores
     * ({@link OutputFolder#writeAll}). The record goes first: it is the longest of them (about 1 MB of numbers
     * printed while the JIT is still cold), so the figures share the other cores with it rather than leaving it
     * to run alone at the end.
     */
    private static void write(Notebook.Results r, OutputFolder folder, Path modelFile, FileDigest digest,
                              String backend)
            throws IOException {
        List<Callable<Path>> files = new ArrayList<>();
        files.add(() -> folder.write(RESULTS, Json.bytes(record(r, modelFile, digest, backend))));
        for (Map.Entry<String, java.util.function.Supplier<BufferedImage>> f : NotebookFigures.drawings(r).entrySet()) {
            files.add(() -> folder.write(f.getKey(), Png.encode(f.getValue().get())));
        }
        folder.writeAll(files);
    }

    /** A dense layer's activations as the figure prints them, or the size of a conv layer's maps. */
    private static String activations(Notebook.AscentRun a) {
        Notebook.Activations v = a.activations();
        if (v.single()) {
            return "activation on origin " + Pictures.threeSignificant(v.onOrigin()[0][0]) + ", on saliency "
                    + Pictures.threeSignificant(v.onSaliency()[0][0]);
        }
        return "activation maps " + v.onOrigin().length + "x" + v.onOrigin()[0].length;
    }

    private static Map<String, Object> record(Notebook.Results r, Path modelFile, FileDigest digest, String backend)
            throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("model", modelFile.getFileName().toString());
        root.put("modelSha256", digest.sha256());
        root.put("backend", backend);
        List<Object> part1 = new ArrayList<>();
        for (Notebook.ClassRun c : r.part1()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("class", Notebook.CLASS_NAMES.get(c.classIndex()));
            m.put("objectiveFormula", c.objective());
            m.put("prediction", prediction(c.prediction()));
            m.put("objective", c.objectiveHistory());
            m.put("imageNorm", c.imageNorm());
            m.put("finalImage", image(c.finalImage()));
            part1.add(m);
        }
        List<Object> part2 = new ArrayList<>();
        for (Notebook.Product p : r.part2()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("saliencyClass", Notebook.CLASS_NAMES.get(p.saliencyClass()));
            m.put("prediction", prediction(p.prediction()));
            part2.add(m);
        }
        root.put("part1", part(part1, r.seconds()[0]));
        root.put("part2", part(part2, r.seconds()[1]));
        root.put("part3", part(ascents(r.part3()), r.seconds()[2]));
        root.put("part4", part(ascents(r.part4()), r.seconds()[3]));
        return root;
    }

    private static Map<String, Object> part(List<Object> runs, double seconds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runs", runs);
        m.put("seconds", seconds);
        return m;
    }

    private static List<Object> ascents(List<Notebook.AscentRun> runs) {
        List<Object> list = new ArrayList<>();
        for (Notebook.AscentRun a : runs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("title", a.subject().title());
            m.put("layer", a.subject().layer());
            m.put("layerName", a.subject().layerName());
            a.subject().unit().ifPresent(u -> m.put("unit", u));
            m.put("objectiveFormula", a.objective());
            m.put("objective", a.objectiveHistory());
            m.put("imageNorm", a.imageNorm());
            m.put("finalImage", image(a.finalImage()));
            Notebook.Activations v = a.activations();
            m.put("activationOnOrigin", v.single() ? (Object) v.onOrigin()[0][0] : List.of(v.onOrigin()));
            m.put("activationOnSaliency", v.single() ? (Object) v.onSaliency()[0][0] : List.of(v.onSaliency()));
            list.add(m);
        }
        return list;
    }

    private static Map<String, Object> prediction(Notebook.Prediction p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class", Notebook.CLASS_NAMES.get(p.classIndex()));
        m.put("probability", p.probability());
        return m;
    }

    /** [row][col][channel] of a (1, h, w, c) image. */
    private static List<Object> image(DoubleTensor t) {
        List<Object> rows = new ArrayList<>();
        for (int y = 0; y < t.shape().dim(1); y++) {
            List<Object> cols = new ArrayList<>();
            for (int x = 0; x < t.shape().dim(2); x++) {
                double[] px = new double[t.shape().dim(3)];
                for (int c = 0; c < px.length; c++) {
                    px[c] = t.get(0, y, x, c);
                }
                cols.add(px);
            }
            rows.add(cols);
        }
        return rows;
    }
}
