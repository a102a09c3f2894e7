package org.saliency4j.examples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.saliency4j.DataFormatException;
import org.saliency4j.tensor.DoubleTensor;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/**
 * Reader of the official CIFAR-10 binary format ({@code test_batch.bin}, {@code data_batch_N.bin}): records of
 * one label byte and 3072 pixel bytes, the red, green and blue 32x32 planes in turn. Images come out as
 * (height, width, channels) with each pixel divided by 255, the values Keras' {@code cifar10.load_data()} followed
 * by {@code x / 255.} gives (computed in double, then rounded to float32 as Keras does on input). The bytes are
 * kept; float images are made on demand.
 */
public final class Cifar10 {
    /** Side of a CIFAR-10 image. */
    public static final int SIDE = 32;
    /** Colour channels. */
    public static final int CHANNELS = 3;
    /** Bytes per record: the label and the three planes. */
    public static final int RECORD_BYTES = 1 + SIDE * SIDE * CHANNELS;
    /** File name of the official test batch. */
    public static final String TEST_BATCH = "test_batch.bin";
    /** Class names in label order, as in the official {@code batches.meta.txt}. */
    public static final List<String> CLASS_NAMES = List.of(
            "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

    private Cifar10() {
    }

    /**
     * Images with their labels.
     *
     * @param labels one class index per image
     * @param pixels the bytes, (count, 32, 32, 3) in channels-last order
     */
    public record LabeledImages(int[] labels, byte[] pixels) {
        /** @return the number of images */
        public int count() {
            return labels.length;
        }

        /** @return all images, (count, 32, 32, 3), each pixel divided by 255 and rounded to float32 */
        public Tensor images() {
            float[] v = new float[pixels.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) ((pixels[i] & 0xff) / 255.0);
            }
            return Tensor.of(Shape.of(count(), SIDE, SIDE, CHANNELS), v);
        }

        /**
         * One image in double precision, {@code pixel / 255.} exactly as numpy's float64 division gives it.
         *
         * @param index the image
         * @return a batch of one, (1, 32, 32, 3)
         * @throws IndexOutOfBoundsException when there is no image {@code index}
         */
        public DoubleTensor exactImage(int index) {
            if (index < 0 || index >= count()) {
                throw new IndexOutOfBoundsException("CIFAR-10 image " + index + " was asked for, but only " + count()
                        + " images were read (indices 0.." + (count() - 1) + "); read more records");
            }
            int size = SIDE * SIDE * CHANNELS;
            double[] d = new double[size];
            for (int i = 0; i < size; i++) {
                d[i] = (pixels[index * size + i] & 0xff) / 255.0;
            }
            return DoubleTensor.of(Shape.of(1, SIDE, SIDE, CHANNELS), d);
        }
    }

    /**
     * Reads a CIFAR-10 binary batch file.
     *
     * @param file  a {@code *.bin} batch file
     * @param limit the most records to read; use {@link Integer#MAX_VALUE} for all
     * @return the images and labels
     * @throws IOException         when the file cannot be read
     * @throws DataFormatException when its size is not a whole number of records or a label is not 0..9
     */
    public static LabeledImages read(Path file, int limit) throws IOException {
        if (Files.isDirectory(file)) {
            throw new java.nio.file.FileSystemException(file.toString(), null, "a folder, not a CIFAR-10 batch file");
        }
        long size = Files.size(file);
        if (size == 0 || size % RECORD_BYTES != 0) {
            throw new DataFormatException(file + ": " + size + " bytes is not a whole number of CIFAR-10 records of "
                    + RECORD_BYTES + " bytes (1 label + 3072 pixels); is this the binary version of the data set "
                    + "(cifar-10-binary.tar.gz)?");
        }
        int count = (int) Math.min(size / RECORD_BYTES, limit);
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(count * RECORD_BYTES); // only the records asked for: the whole file is 30 MB
        }
        int plane = SIDE * SIDE;
        byte[] raw = new byte[count * plane * CHANNELS];
        int[] labels = new int[count];
        for (int r = 0; r < count; r++) {
            int base = r * RECORD_BYTES;
            labels[r] = bytes[base];
            if (labels[r] < 0 || labels[r] >= CLASS_NAMES.size()) {
                throw new DataFormatException(file + ": record " + r + " has label " + (bytes[base] & 0xff)
                        + ", outside 0..9; this is not a CIFAR-10 file");
            }
            for (int p = 0; p < plane; p++) {
                for (int c = 0; c < CHANNELS; c++) {
                    raw[(r * plane + p) * CHANNELS + c] = bytes[base + 1 + c * plane + p];
                }
            }
        }
        return new LabeledImages(labels, raw);
    }
}
