package org.saliency4j.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * The first CIFAR-10 test images written as PNG files, for the tests of what reads a user's images (the commands,
 * the Spark transformer). Skips, as {@link SharedFiles#require} does, when the data set is absent.
 */
public final class CifarPngs {
    private CifarPngs() {
    }

    /**
     * Writes CIFAR-10's first test records (a label byte, then 1024 red, 1024 green and 1024 blue bytes) as
     * {@code test-<i>.png}.
     *
     * @param folder the folder, made if needed
     * @param count  how many images
     * @return the folder
     * @throws IOException when a file cannot be read or written
     */
    public static Path write(Path folder, int count) throws IOException {
        Files.createDirectories(folder);
        try (InputStream in = Files.newInputStream(SharedFiles.require(SharedFiles.CIFAR10_TEST))) {
            for (int i = 0; i < count; i++) {
                byte[] record = in.readNBytes(3073);
                BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
                for (int p = 0; p < 1024; p++) {
                    int r = record[1 + p] & 0xff;
                    int g = record[1 + 1024 + p] & 0xff;
                    int b = record[1 + 2048 + p] & 0xff;
                    image.setRGB(p % 32, p / 32, r << 16 | g << 8 | b);
                }
                ImageIO.write(image, "png", folder.resolve("test-" + i + ".png").toFile());
            }
        }
        return folder;
    }
}
