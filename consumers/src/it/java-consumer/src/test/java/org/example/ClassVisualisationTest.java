package org.example;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.saliency4j.Saliency4jHome;
import org.saliency4j.model.Activation;
import org.saliency4j.model.Layer;
import org.saliency4j.model.LayerOp;
import org.saliency4j.model.Model;
import org.saliency4j.model.Padding;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/** The published API, used from a separate project: it compiles, and a class visualisation does what it says. */
class ClassVisualisationTest {
    /** A small convolutional classifier with seeded weights: 8x8x3 images, 3 classes. */
    private static Model smallModel() {
        Random random = new Random(7);
        Model.Builder b = Model.builder("small");
        Layer in = b.input("in", Shape.of(8, 8, 3));
        Layer conv = b.add("conv", "Conv2D", new LayerOp.Conv2D(weights(random, 3, 3, 3, 4), weights(random, 4), 1, 1,
                Padding.VALID), Activation.RELU, in);
        Layer flat = b.add("flat", "Flatten", new LayerOp.Flatten(), Activation.LINEAR, conv);
        Layer out = b.add("out", "Dense", new LayerOp.Dense(weights(random, 6 * 6 * 4, 3), weights(random, 3)),
                Activation.SOFTMAX, flat);
        return b.build(out);
    }

    private static Tensor weights(Random random, int... dims) {
        float[] v = new float[Shape.of(dims).size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (random.nextGaussian() * 0.3);
        }
        return Tensor.of(Shape.of(dims), v);
    }

    @Test
    void aClassVisualisationMakesTheModelSeeItsClass() {
        for (int target = 0; target < 3; target++) {
            ClassVisualisation.Outcome o = ClassVisualisation.run(smallModel(), target, 50);
            assertEquals(target, o.predictedClass(), "class predicted on the image made for class " + target);
            assertEquals(50, o.objective().length);
            assertTrue(o.objective()[49] < o.objective()[0], "the objective went down");
        }
    }

    @Test
    void theReadmeSnippetsRunOnTheNotebookModel() throws Exception {
        Path cnn5 = Saliency4jHome.resolve().models().resolve("CIFAR-10_CNN5.h5");
        Assumptions.assumeTrue(Files.exists(cnn5), cnn5 + " not found; set SALIENCY4J_HOME to run this test");
        float[] p = Readme.classVisualisation(cnn5);
        assertEquals(10, p.length);
        for (int c = 0; c < 10; c++) {
            assertTrue(c == 3 || p[c] < p[3], "class 3 (cat) is the most probable, not " + c);
        }
        Tensor[] out = Readme.layerGradient(cnn5, Tensor.filled(Shape.of(2, 32, 32, 3), 0.5f),
                Tensor.filled(Shape.of(2, 13, 13, 64), 1f));
        assertEquals(Shape.of(2, 13, 13, 64), out[0].shape());
        assertEquals(Shape.of(2, 32, 32, 3), out[1].shape());
        float[] g = out[1].toArray();
        assertArrayEquals(out[1].samples(0, 1).toArray(), out[1].samples(1, 1).toArray(), "same image, same gradient");
        assertTrue(java.util.stream.IntStream.range(0, g.length).anyMatch(i -> g[i] != 0), "a gradient that is not 0");
    }
}
