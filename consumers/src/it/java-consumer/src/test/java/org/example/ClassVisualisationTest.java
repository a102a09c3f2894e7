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
    void attributionMapsOfTheSmallModel() {
        Model model = smallModel();
        java.awt.image.BufferedImage picture = new java.awt.image.BufferedImage(16, 16,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                picture.setRGB(x, y, (x * 16) << 16 | (y * 16) << 8 | 128);
            }
        }
        Tensor image = org.saliency4j.image.Images.of(picture, model.inputShape(),
                org.saliency4j.image.PixelScaling.unit(), org.saliency4j.image.Images.Fit.STRETCH, "ramp");
        assertEquals(Shape.of(1, 8, 8, 3), image.shape());
        try (org.saliency4j.backend.Backend backend = org.saliency4j.backend.Backends.select("cpu").create();
             org.saliency4j.backend.CompiledModel compiled = backend.compile(model)) {
            org.saliency4j.attribution.Attribution ig = org.saliency4j.attribution.Attributions.integratedGradients()
                    .explain(compiled, image, org.saliency4j.attribution.Target.top1()).get(0);
            assertEquals(Shape.of(8, 8, 3), ig.map().shape());
            double delta = (Double) ig.details().get("completenessDelta");
            double difference = ig.score() - (Double) ig.details().get("baselineScore");
            assertTrue(Math.abs(delta) <= 0.05 * Math.abs(difference), "completeness within 5 %: " + delta);
            org.saliency4j.attribution.Attribution cam = org.saliency4j.attribution.Attributions.gradCam()
                    .explain(compiled, image, org.saliency4j.attribution.Target.classIndex(1)).get(0);
            assertEquals(Shape.of(8, 8), cam.map().shape());
            assertEquals("conv", cam.details().get("layer"));
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
        java.nio.file.Path png = java.nio.file.Files.createTempDirectory("consumer").resolve("grey.png");
        java.awt.image.BufferedImage grey = new java.awt.image.BufferedImage(32, 32,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        javax.imageio.ImageIO.write(grey, "png", png.toFile());
        org.saliency4j.attribution.Attribution ig = Readme.attribution(cnn5, png);
        assertEquals(Shape.of(32, 32, 3), ig.map().shape());
        assertTrue(java.nio.file.Files.exists(png.resolveSibling("ig.png")), "the picture was written");
    }
}
