package org.saliency4j.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saliency4j.DataFormatException;
import org.saliency4j.ShapeMismatchException;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/** Image files into model inputs: formats, resizing, fitting, channels, scaling presets, errors. */
class ImagesTest {
    @TempDir
    Path dir;

    /** A w x h image whose pixel (x, y) is (10 x, 10 y, 100) in red, green, blue. */
    private static BufferedImage ramp(int w, int h, int type) {
        BufferedImage image = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, 0xff000000 | 10 * x << 16 | 10 * y << 8 | 100);
            }
        }
        return image;
    }

    private Path write(BufferedImage image, String format) throws IOException {
        Path file = dir.resolve("image." + format);
        assertThat(ImageIO.write(image, format, file.toFile())).as(format).isTrue();
        return file;
    }

    @Test
    void aPngOfTheInputsSizeKeepsItsPixelsScaledByThePreset() throws IOException {
        Path png = write(ramp(3, 2, BufferedImage.TYPE_INT_RGB), "png");
        Tensor t = Images.read(png, Shape.of(2, 3, 3), PixelScaling.raw(), Images.Fit.STRETCH);
        assertThat(t.shape()).isEqualTo(Shape.of(1, 2, 3, 3));
        assertThat(t.get(0, 1, 2, 0)).isEqualTo(20f);
        assertThat(t.get(0, 1, 2, 1)).isEqualTo(10f);
        assertThat(t.get(0, 1, 2, 2)).isEqualTo(100f);
        Tensor unit = Images.read(png, Shape.of(2, 3, 3), PixelScaling.unit(), Images.Fit.STRETCH);
        assertThat(unit.get(0, 1, 2, 2)).isEqualTo((float) (100 / 255.0));
    }

    @Test
    void everyFormatTheJdkReadsIsRead() throws IOException {
        for (String format : new String[] {"png", "bmp", "gif", "jpg"}) {
            Path file = write(ramp(8, 8, BufferedImage.TYPE_INT_RGB), format);
            Tensor t = Images.read(file, Shape.of(4, 4, 3), PixelScaling.unit(), Images.Fit.STRETCH);
            assertThat(t.shape()).as(format).isEqualTo(Shape.of(1, 4, 4, 3));
        }
    }

    @Test
    void shrinkingAveragesWhatEachPixelCoversAndEnlargingIsBilinear() {
        double[][] half = Resize.weights(4, 2);
        assertThat(half[0]).containsExactly(0, 0.5, 1, 0.5);
        assertThat(half[1]).containsExactly(2, 0.5, 3, 0.5);
        double[][] twoThirds = Resize.weights(3, 2);
        assertThat(twoThirds[0][1]).isCloseTo(1 / 1.5, within(1e-15));
        assertThat(twoThirds[0][3]).isCloseTo(0.5 / 1.5, within(1e-15));
        double[] up = Resize.image(new double[] {1, 2, 3, 4}, 2, 2, 1, 4, 4);
        assertThat(up).containsExactly(1, 1.25, 1.75, 2, 1.5, 1.75, 2.25, 2.5, 2.5, 2.75, 3.25, 3.5, 3, 3.25, 3.75, 4);
        for (int in = 1; in < 12; in++) {
            for (int out = 1; out < 12; out++) {
                for (double[] pairs : Resize.weights(in, out)) {
                    double sum = 0;
                    for (int k = 1; k < pairs.length; k += 2) {
                        sum += pairs[k];
                    }
                    assertThat(sum).as("%d to %d", in, out).isCloseTo(1, within(1e-12));
                }
            }
        }
    }

    @Test
    void aCentreCropCutsTheLargestCentredRegionOfTheInputsShape() throws IOException {
        // 6 x 2 image to a 2 x 2 input: the crop keeps columns 2 and 3.
        Path png = write(ramp(6, 2, BufferedImage.TYPE_INT_RGB), "png");
        Tensor crop = Images.read(png, Shape.of(2, 2, 3), PixelScaling.raw(), Images.Fit.CENTRE_CROP);
        assertThat(crop.get(0, 0, 0, 0)).isEqualTo(20f);
        assertThat(crop.get(0, 0, 1, 0)).isEqualTo(30f);
        Tensor stretched = Images.read(png, Shape.of(2, 2, 3), PixelScaling.raw(), Images.Fit.STRETCH);
        assertThat(stretched.get(0, 0, 0, 0)).isEqualTo(10f); // the mean of 0, 10 and 20
    }

    @Test
    void greyFillsEveryChannelColourBecomesLumaAndAlphaIsDropped() throws IOException {
        BufferedImage grey = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(1, 0, 0, 200);
        Tensor rgb = Images.read(write(grey, "png"), Shape.of(2, 2, 3), PixelScaling.raw(), Images.Fit.STRETCH);
        assertThat(new float[] {rgb.get(0, 0, 1, 0), rgb.get(0, 0, 1, 1), rgb.get(0, 0, 1, 2)})
                .containsOnly(200f);
        Tensor luma = Images.read(write(ramp(2, 2, BufferedImage.TYPE_INT_RGB), "png"), Shape.of(2, 2, 1),
                PixelScaling.raw(), Images.Fit.STRETCH);
        assertThat(luma.get(0, 1, 1, 0)).isCloseTo((float) ((10 * 299 + 10 * 587 + 100 * 114) / 1000.0), within(1e-4f));
        assertThat(Images.read(write(ramp(2, 2, BufferedImage.TYPE_INT_RGB), "png"), Shape.of(2, 2),
                PixelScaling.raw(), Images.Fit.STRETCH).shape()).isEqualTo(Shape.of(1, 2, 2));
        BufferedImage alpha = ramp(2, 2, BufferedImage.TYPE_INT_ARGB);
        alpha.setRGB(1, 1, 0x00ffffff & alpha.getRGB(1, 1));
        Tensor dropped = Images.read(write(alpha, "png"), Shape.of(2, 2, 3), PixelScaling.raw(), Images.Fit.STRETCH);
        assertThat(dropped.get(0, 1, 1, 2)).isEqualTo(100f);
    }

    @Test
    void caffeIsBgrMinusTheImageNetMeansAndTorchTheStandardisedUnitScale() {
        assertThat(PixelScaling.caffe().bgr()).isTrue();
        assertThat(PixelScaling.caffe().apply(100, 0)).isEqualTo((float) (100 - 103.939));
        assertThat(PixelScaling.caffe().apply(100, 2)).isEqualTo((float) (100 - 123.68));
        assertThat(PixelScaling.torch().apply(255, 1)).isEqualTo((float) ((1 - 0.456) / 0.224));
        assertThat(PixelScaling.signed().apply(0, 0)).isEqualTo(-1f);
        assertThat(PixelScaling.parse("affine:2,-1").apply(3, 0)).isEqualTo(5f);
        assertThat(PixelScaling.caffe().fits(1)).isFalse();
        assertThatThrownBy(() -> PixelScaling.parse("imagenet")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'imagenet'").hasMessageContaining("caffe").hasMessageContaining("torch");
    }

    @Test
    void whatIsNotAnImageIsNamedInTheError() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.png"), "not an image");
        assertThatThrownBy(() -> Images.read(text, Shape.of(2, 2, 3), PixelScaling.unit(), Images.Fit.STRETCH))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("notes.png");
        assertThatThrownBy(() -> Images.read(dir.resolve("missing.png"), Shape.of(2, 2, 3), PixelScaling.unit(),
                Images.Fit.STRETCH)).isInstanceOf(NoSuchFileException.class).hasMessageContaining("missing.png");
        assertThatThrownBy(() -> Images.read(dir, Shape.of(2, 2, 3), PixelScaling.unit(), Images.Fit.STRETCH))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("a folder");
        Path png = write(ramp(2, 2, BufferedImage.TYPE_INT_RGB), "png");
        assertThatThrownBy(() -> Images.read(png, Shape.of(4), PixelScaling.unit(), Images.Fit.STRETCH))
                .isInstanceOf(ShapeMismatchException.class).hasMessageContaining("(None, 4)");
        assertThatThrownBy(() -> Images.read(png, Shape.of(2, 2, 1), PixelScaling.torch(), Images.Fit.STRETCH))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3-channel");
    }
}
