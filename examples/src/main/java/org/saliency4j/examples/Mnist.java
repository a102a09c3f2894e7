package org.saliency4j.examples;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.saliency4j.DataFormatException;
import org.jspecify.annotations.Nullable;

/**
 * Reader of the official MNIST test set in idx format ({@code t10k-images-idx3-ubyte} and
 * {@code t10k-labels-idx1-ubyte}, gzipped or not): big-endian headers with magic numbers 2051 and 2049.
 */
final class Mnist {
    static final String IMAGES = "t10k-images-idx3-ubyte";
    static final String LABELS = "t10k-labels-idx1-ubyte";
    private static final int IMAGE_MAGIC = 2051;
    private static final int LABEL_MAGIC = 2049;

    private Mnist() {
    }

    /** Whether the folder holds the MNIST test files. */
    static boolean recognises(Path dir) {
        return find(dir, IMAGES) != null && find(dir, LABELS) != null;
    }

    static LabeledBytes read(Path dir, int limit) throws IOException {
        Path images = find(dir, IMAGES);
        Path labels = find(dir, LABELS);
        if (images == null || labels == null) {
            throw new java.nio.file.NoSuchFileException(dir.toString(), null, "no " + IMAGES + "(.gz) and " + LABELS
                    + "(.gz) in this folder");
        }
        int rows;
        int cols;
        byte[] pixels;
        int count;
        try (DataInputStream in = new DataInputStream(open(images))) {
            int magic = in.readInt();
            if (magic != IMAGE_MAGIC) {
                throw new DataFormatException(images + ": magic number " + magic + ", expected " + IMAGE_MAGIC
                        + " for an idx3 image file");
            }
            int declared = in.readInt();
            rows = in.readInt();
            cols = in.readInt();
            // The header's sizes come from the file: checked against what the file can hold before allocating.
            long most = Files.size(images) * (images.toString().endsWith(".gz") ? 1100L : 1L);
            if (declared < 0 || rows < 1 || cols < 1 || (long) declared * rows * cols > most) {
                throw new DataFormatException(images + ": its header declares " + declared + " images of " + rows
                        + " x " + cols + ", more than a file of " + Files.size(images) + " bytes can hold; the file is "
                        + "damaged");
            }
            count = Math.min(declared, limit);
            pixels = new byte[count * rows * cols];
            in.readFully(pixels);
        } catch (java.io.EOFException | java.util.zip.ZipException e) {
            throw new DataFormatException(images + ": the file ends early or is damaged (" + e.getMessage() + "); "
                    + "copy or download it again", e);
        }
        int[] y = new int[count];
        try (DataInputStream in = new DataInputStream(open(labels))) {
            int magic = in.readInt();
            if (magic != LABEL_MAGIC) {
                throw new DataFormatException(labels + ": magic number " + magic + ", expected " + LABEL_MAGIC
                        + " for an idx1 label file");
            }
            int n = in.readInt();
            if (n < count) {
                throw new DataFormatException(labels + ": " + n + " labels for " + count + " images");
            }
            for (int i = 0; i < count; i++) {
                y[i] = in.readUnsignedByte();
            }
        } catch (java.io.EOFException | java.util.zip.ZipException e) {
            throw new DataFormatException(labels + ": the file ends early or is damaged; copy or download it again", e);
        }
        return new LabeledBytes("MNIST", java.util.List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
                y, pixels, rows, cols, 1);
    }

    private static @Nullable Path find(Path dir, String name) {
        for (String candidate : new String[] {name, name + ".gz"}) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private static InputStream open(Path p) throws IOException {
        InputStream in = Files.newInputStream(p);
        return p.toString().endsWith(".gz") ? new GZIPInputStream(in) : in;
    }
}
