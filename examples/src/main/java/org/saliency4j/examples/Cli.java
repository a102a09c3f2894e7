package org.saliency4j.examples;

import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.saliency4j.backend.BackendProvider;
import org.saliency4j.backend.BackendSelection;
import org.saliency4j.backend.Backends;
import org.saliency4j.image.PixelScaling;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options several commands share, as picocli mixins, so that each is declared and described once. */
final class Cli {
    private Cli() {
    }

    /**
     * Checks that a count given on the command line is at least 1.
     *
     * @param spec   the command, for the usage error
     * @param option the option's name, for the message
     * @param value  the value given
     * @return the value
     * @throws CommandLine.ParameterException when it is below 1
     */
    static int positive(CommandLine.Model.CommandSpec spec, String option, int value) {
        if (value < 1) {
            throw usageError(spec, option + " needs a positive whole number, got " + value);
        }
        return value;
    }

    /**
     * Runs a check whose {@link IllegalArgumentException} is a mistake on the command line.
     *
     * @param spec  the command, for the usage error
     * @param check the check, giving a value
     * @return its value
     * @throws CommandLine.ParameterException with the check's message (exit 2)
     */
    static <T> T usage(CommandLine.Model.CommandSpec spec, java.util.function.Supplier<T> check) {
        try {
            return check.get();
        } catch (IllegalArgumentException e) {
            throw usageError(spec, e.getMessage());
        }
    }

    /**
     * @param spec    the command
     * @param message what is wrong with the command line
     * @return the usage error to throw (exit 2, with the command's --help named)
     */
    static CommandLine.ParameterException usageError(CommandLine.Model.CommandSpec spec, @Nullable String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message == null ? "invalid option" : message);
    }

    /** {@code --scale}'s help, a line per preset (annotations take constants only, hence one name per line). */
    static final String SCALE_HELP = "how 8-bit pixels p become model inputs (a model file does not say; "
            + "docs/models.md lists it per zoo model):";
    static final String SCALE_UNIT = "  1           p/255, in [0, 1] (the default)";
    static final String SCALE_RAW = "  255         p itself, in [0, 255] (raw pixels)";
    static final String SCALE_SIGNED = "  -1..1       p/127.5 - 1, in [-1, 1] (MobileNet, Inception)";
    static final String SCALE_AFFINE = "  affine:A,B  p*A + B";
    static final String SCALE_CAFFE = "  caffe       BGR, minus the ImageNet means (VGG16, ResNet50)";
    static final String SCALE_TORCH = "  torch       p/255 standardised by the ImageNet means and deviations (DenseNet)";

    /** Converts {@code --scale}'s value; a wrong one is a usage error that lists the presets. */
    static final class ScalingConverter implements CommandLine.ITypeConverter<PixelScaling> {
        @Override
        public PixelScaling convert(String value) {
            try {
                return PixelScaling.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code --model <file>}: the model file, else the notebook's model under the home folder. */
    static final class ModelOption {
        @Option(names = "--model", paramLabel = "<file>", description = "the Keras model file (.h5 or .keras); "
                + "default: $SALIENCY4J_HOME/models/" + Locations.DEFAULT_MODEL)
        @Nullable Path model;

        /** @return the model file, checked to exist */
        Path file() throws NoSuchFileException {
            return Locations.model(model);
        }
    }

    /** {@code --data <dir>}: the test set, else CIFAR-10 under the home folder. */
    static final class DataOption {
        @Option(names = "--data", paramLabel = "<dir>", description = "the CIFAR-10 binary folder (or its "
                + "test_batch.bin) or the MNIST folder; default: $SALIENCY4J_HOME/data/" + Locations.DEFAULT_DATA)
        @Nullable Path data;

        /** @return the data folder or file, checked to exist */
        Path path() throws NoSuchFileException {
            return Locations.data(data);
        }
    }

    /** {@code --backend <name>}: which backend runs the model. */
    static final class BackendOption {
        @Option(names = "--backend", paramLabel = "<name>", defaultValue = Backends.AUTO,
                completionCandidates = BackendNames.class, converter = BackendNames.class,
                description = "the backend that runs the model: ${COMPLETION-CANDIDATES}; default: "
                        + "${DEFAULT-VALUE}, the best available (cuda where an NVIDIA GPU is usable, else cpu). "
                        + "The variable " + Backends.VARIABLE + " overrides it.")
        String name = Backends.AUTO;

        /** @return the selection, with the reason to print */
        BackendSelection select() {
            return Backends.select(name, "the --backend option");
        }
    }

    /** {@code --out <dir>} and {@code --force}: where a command writes, and whether it may replace earlier files. */
    static final class OutputOption {
        @Option(names = "--out", paramLabel = "<dir>", required = true, description = "the folder to write into")
        private java.nio.file.Path out = java.nio.file.Path.of(".");
        @Option(names = "--force", description = "replace the files of an earlier run in that folder")
        private boolean force;

        /**
         * Opens the folder for these files, after checking that none exists (unless forced) and that it can be
         * written to.
         *
         * @param files the names of every file the command will write
         * @return the folder
         * @throws java.io.IOException when a file exists without --force or the folder cannot be made or written
         */
        OutputFolder open(java.util.List<String> files) throws java.io.IOException {
            return OutputFolder.open(out, force, files);
        }

        /** @return the folder given */
        java.nio.file.Path path() {
            return out;
        }

        /** @return whether --force was given */
        boolean force() {
            return force;
        }
    }

    /** {@code --quiet}: results only, no backend line and no progress. */
    static final class QuietOption {
        @Option(names = {"-q", "--quiet"}, description = "print the results only: no backend line, no progress")
        boolean quiet;

        /**
         * Prints which backend runs and why, unless quiet.
         *
         * @param selection the backend chosen
         * @param err       where it goes
         */
        void backendLine(BackendSelection selection, PrintWriter err) {
            if (!quiet) {
                err.println("backend " + selection.provider().name() + ": " + selection.reason());
            }
        }

        /**
         * A progress display for work of {@code total} units, silent when quiet.
         *
         * @param task  what runs, e.g. "evaluate"
         * @param total the number of units
         * @param unit  their name, plural
         * @param err   where it goes
         * @return the progress, to close when the work ends
         */
        Progress progress(String task, long total, String unit, PrintWriter err) {
            return quiet ? Progress.silent() : Progress.start(task, total, unit, err, Progress.terminal());
        }
    }

    /** The names of the backends on the class path and {@value Backends#AUTO}: completion and validation. */
    static final class BackendNames implements Iterable<String>, CommandLine.ITypeConverter<String> {
        @Override
        public Iterator<String> iterator() {
            List<String> names = new ArrayList<>();
            for (BackendProvider p : Backends.providers()) {
                names.add(p.name());
            }
            names.add(Backends.AUTO);
            return names.iterator();
        }

        @Override
        public String convert(String value) {
            String name = value.trim().toLowerCase(Locale.ROOT);
            List<String> known = new ArrayList<>();
            iterator().forEachRemaining(known::add);
            if (!known.contains(name)) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a backend here; choose one of "
                        + String.join(", ", known));
            }
            return name;
        }
    }
}
