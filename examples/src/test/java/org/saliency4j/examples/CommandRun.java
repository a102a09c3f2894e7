package org.saliency4j.examples;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.saliency4j.testing.SharedFiles;

/**
 * A command run as a user runs it, its exit status and what it printed; and CIFAR-10 test images written as PNG files
 * for the commands that read the user's images.
 *
 * @param status the exit status
 * @param out    what it printed on standard output
 * @param err    what it printed on standard error
 */
record CommandRun(int status, String out, String err) {
    /** Runs {@code saliency4j} with these arguments, in this JVM. */
    static CommandRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CommandRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Writes the first {@code count} CIFAR-10 test images as {@code test-<i>.png} into a new folder.
     *
     * @return the folder
     */
    static Path cifarPngs(Path folder, int count) throws IOException {
        Cifar10.LabeledImages test = Cifar10.read(SharedFiles.require(SharedFiles.CIFAR10_TEST), count);
        Path images = Files.createDirectories(folder);
        for (int i = 0; i < count; i++) {
            BufferedImage png = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
            byte[] p = test.pixels();
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    int at = ((i * 32 + y) * 32 + x) * 3;
                    png.setRGB(x, y, (p[at] & 0xff) << 16 | (p[at + 1] & 0xff) << 8 | p[at + 2] & 0xff);
                }
            }
            ImageIO.write(png, "png", images.resolve("test-" + i + ".png").toFile());
        }
        return images;
    }
}
