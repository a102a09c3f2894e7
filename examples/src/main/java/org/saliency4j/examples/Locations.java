package org.saliency4j.examples;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.saliency4j.Saliency4jHome;

/** Finds the model file and the data folder from the options, else under the Saliency4J home folder. */
final class Locations {
    /** The notebook's model, looked for under {@code <home>/models} when no {@code --model} is given. */
    static final String DEFAULT_MODEL = "CIFAR-10_CNN5.h5";
    /** The CIFAR-10 binary folder, looked for under {@code <home>/data} when no {@code --data} is given. */
    static final String DEFAULT_DATA = "cifar-10-batches-bin";

    private Locations() {
    }

    static Path model(@Nullable Path option) throws NoSuchFileException {
        if (option != null) {
            return existing(option, "model file", "check the path given to --model");
        }
        Saliency4jHome home = Saliency4jHome.resolve();
        return existing(home.models().resolve(DEFAULT_MODEL), "model file",
                "looked there because no --model was given and the home folder is " + home
                        + "; pass --model <file.h5>, or set SALIENCY4J_HOME to a folder with models/" + DEFAULT_MODEL);
    }

    static Path data(@Nullable Path option) throws NoSuchFileException {
        if (option != null) {
            return existing(option, "data folder", "check the path given to --data");
        }
        Saliency4jHome home = Saliency4jHome.resolve();
        return existing(home.data().resolve(DEFAULT_DATA), "data folder",
                "looked there because no --data was given and the home folder is " + home
                        + "; pass --data <cifar-10-batches-bin folder>, or set SALIENCY4J_HOME to a folder with data/"
                        + DEFAULT_DATA);
    }

    private static Path existing(Path p, String what, String advice) throws NoSuchFileException {
        if (!Files.exists(p)) {
            throw new NoSuchFileException(p.toString(), null, what + " not found; " + advice);
        }
        return p;
    }
}
