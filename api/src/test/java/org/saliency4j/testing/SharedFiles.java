package org.saliency4j.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.saliency4j.Saliency4jHome;

/**
 * Finds the real models and data sets under the Saliency4J home folder, as a user's own copy is found. When a
 * file is missing the calling test is skipped with a reason that says what was missing and how to provide it;
 * {@link SkipReporter} prints it on the console, so that a skip is never silent.
 */
public final class SharedFiles {
    /** The notebook's trained CIFAR-10 model. */
    public static final String CNN5 = "models/CIFAR-10_CNN5.h5";
    /** The official CIFAR-10 test batch. */
    public static final String CIFAR10_TEST = "data/cifar-10-batches-bin/test_batch.bin";

    /** The MNIST-trained LeNet of the notebooks' author, input 32x32 (28x28 padded by 2). */
    public static final String LENET = "models/MNIST_LeNet60.h5";
    /** The folder of third-party model files described in its MANIFEST.md. */
    public static final String ZOO = "models/zoo";
    /** The official MNIST test set (idx files, gzip). */
    public static final String MNIST = "data/mnist";

    private SharedFiles() {
    }

    /**
     * Returns a file under the home folder, or skips the test.
     *
     * @param relative path below the home folder, e.g. {@link #CNN5}
     * @return the existing file
     */
    public static Path require(String relative) {
        Saliency4jHome home = Saliency4jHome.resolve();
        Path p = home.root().resolve(relative);
        if (!Files.exists(p)) {
            Assumptions.abort(relative + " not found under the Saliency4J home " + home + "; set SALIENCY4J_HOME "
                    + "to the folder holding models/ and data/ (in this repository: ../shared)");
        }
        return p;
    }
}
