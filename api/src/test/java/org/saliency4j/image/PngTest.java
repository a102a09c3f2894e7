package org.saliency4j.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * {@link Png}: every file decodes, through the JDK's own PNG reader, to exactly the pixels encoded, on each pixel
 * layout (the direct int layouts and the general path), and its chunks are well formed (each CRC-32 recomputed).
 */
class PngTest {
    private static BufferedImage random(int width, int height, int type, long seed) {
        BufferedImage image = new BufferedImage(width, height, type);
        Random random = new Random(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        return image;
    }

    private static BufferedImage decoded(byte[] png) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image).as("ImageIO reads the file").isNotNull();
        return image;
    }

    private static void assertSamePixels(BufferedImage expected, BufferedImage actual, boolean alpha) {
        assertThat(actual.getWidth()).isEqualTo(expected.getWidth());
        assertThat(actual.getHeight()).isEqualTo(expected.getHeight());
        assertThat(actual.getColorModel().hasAlpha()).isEqualTo(alpha);
        int mask = alpha ? 0xffffffff : 0x00ffffff;
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                assertThat(actual.getRGB(x, y) & mask).as("pixel (%d, %d)", x, y)
                        .isEqualTo(expected.getRGB(x, y) & mask);
            }
        }
    }

    @Test
    void rgbPixelsRoundTrip() throws IOException {
        BufferedImage image = random(37, 23, BufferedImage.TYPE_INT_RGB, 1);
        assertSamePixels(image, decoded(Png.encode(image)), false);
    }

    @Test
    void alphaIsKeptWhereTheImageHasIt() throws IOException {
        BufferedImage image = random(19, 31, BufferedImage.TYPE_INT_ARGB, 2);
        image.setRGB(0, 0, 0x00123456); // fully transparent, colour kept
        assertSamePixels(image, decoded(Png.encode(image)), true);
    }

    @Test
    void otherLayoutsGoThroughTheirSrgbValues() throws IOException {
        for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_BGR,
                BufferedImage.TYPE_BYTE_GRAY}) {
            BufferedImage image = random(13, 9, type, type);
            assertSamePixels(image, decoded(Png.encode(image)), false);
        }
    }

    @Test
    void aSubimageEncodesOnlyItsOwnPixels() throws IOException {
        BufferedImage whole = random(40, 30, BufferedImage.TYPE_INT_RGB, 3);
        BufferedImage part = whole.getSubimage(7, 5, 20, 11);
        assertSamePixels(part, decoded(Png.encode(part)), false);
    }

    @Test
    void oneByOnePicture() throws IOException {
        BufferedImage image = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0xff8000);
        assertThat(decoded(Png.encode(image)).getRGB(0, 0) & 0xffffff).isEqualTo(0xff8000);
    }

    @Test
    void chunksAreWellFormed() {
        byte[] png = Png.encode(random(64, 8, BufferedImage.TYPE_INT_ARGB, 4));
        assertThat(Arrays.copyOf(png, 8)).containsExactly(137, 'P', 'N', 'G', '\r', '\n', 26, '\n');
        ByteBuffer file = ByteBuffer.wrap(png, 8, png.length - 8);
        List<String> types = new ArrayList<>();
        while (file.hasRemaining()) {
            int length = file.getInt();
            byte[] typeAndData = new byte[4 + length];
            file.get(typeAndData);
            CRC32 crc = new CRC32();
            crc.update(typeAndData);
            String type = new String(typeAndData, 0, 4, StandardCharsets.US_ASCII);
            assertThat(file.getInt()).as("CRC of %s", type).isEqualTo((int) crc.getValue());
            if (type.equals("IHDR")) {
                ByteBuffer header = ByteBuffer.wrap(typeAndData, 4, length);
                assertThat(new int[] {header.getInt(), header.getInt(), header.get(), header.get()})
                        .as("width, height, bit depth, colour type").containsExactly(64, 8, 8, 6);
            }
            types.add(type);
        }
        assertThat(types).containsExactly("IHDR", "IDAT", "IEND");
    }
}
