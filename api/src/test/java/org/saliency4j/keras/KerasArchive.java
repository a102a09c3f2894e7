package org.saliency4j.keras;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes small Keras 3 {@code .keras} archives (metadata.json, config.json, model.weights.h5 with
 * {@code layers/<auto-name>/vars/<i>}) as Keras 3 does, so that the archive reader can be tested, and damaged,
 * without the real models. The model: an input of 4 values, Dense(3, relu), Dense(2).
 */
final class KerasArchive {
    /** The configuration, laid out as Keras 3.x writes it. */
    static final String CONFIG = "{\"module\": \"keras\", \"class_name\": \"Sequential\", \"config\": {\"name\": "
            + "\"sequential\", \"layers\": [{\"module\": \"keras.layers\", \"class_name\": \"InputLayer\", \"config\": "
            + "{\"batch_shape\": [null, 4], \"dtype\": \"float32\", \"name\": \"input_layer\"}}, {\"module\": "
            + "\"keras.layers\", \"class_name\": \"Dense\", \"config\": {\"name\": \"dense\", \"units\": 3, "
            + "\"activation\": \"relu\", \"use_bias\": true}}, {\"module\": \"keras.layers\", \"class_name\": \"Dense\", "
            + "\"config\": {\"name\": \"dense_1\", \"units\": 2, \"activation\": \"linear\", \"use_bias\": true}}]}}";

    private KerasArchive() {
    }

    /** The weights file of {@link #CONFIG}, with every value finite unless {@code poison} is not. */
    static byte[] weights(Path dir, float poison) {
        Path file = dir.resolve("weights-" + System.nanoTime() + ".h5");
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            WritableGroup layers = hdf.putGroup("layers");
            WritableGroup d = layers.putGroup("dense").putGroup("vars");
            d.putDataset("0", new float[][] {{0.5f, -1f, 0.25f}, {1f, 0.5f, -0.5f}, {-0.25f, 2f, 1f}, {0.75f, 0f, poison}});
            d.putDataset("1", new float[] {0.1f, -0.2f, 0.3f});
            WritableGroup d1 = layers.putGroup("dense_1").putGroup("vars");
            d1.putDataset("0", new float[][] {{1f, -1f}, {0.5f, 2f}, {-1.5f, 0.25f}});
            d1.putDataset("1", new float[] {0.05f, -0.05f});
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            Files.delete(file);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An archive's bytes.
     *
     * @param config   config.json's text
     * @param weights  model.weights.h5's bytes
     * @param deflated whether the entries are compressed (Keras stores them)
     */
    static byte[] zip(String config, byte[] weights, boolean deflated) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            put(zip, "metadata.json", "{\"keras_version\": \"3.1.1\"}".getBytes(), deflated);
            put(zip, "config.json", config.getBytes(java.nio.charset.StandardCharsets.UTF_8), deflated);
            put(zip, "model.weights.h5", weights, deflated);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void put(ZipOutputStream zip, String name, byte[] data, boolean deflated) throws IOException {
        ZipEntry e = new ZipEntry(name);
        if (!deflated) {
            CRC32 crc = new CRC32();
            crc.update(data);
            e.setMethod(ZipEntry.STORED);
            e.setSize(data.length);
            e.setCompressedSize(data.length);
            e.setCrc(crc.getValue());
        }
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    /** Where an entry's data starts in an archive's bytes (after its local header, name and extra field). */
    static int dataStart(byte[] zip, String name) {
        byte[] n = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i + 30 + n.length <= zip.length; i++) {
            if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 3 && zip[i + 3] == 4
                    && u16(zip, i + 26) == n.length
                    && java.util.Arrays.equals(zip, i + 30, i + 30 + n.length, n, 0, n.length)) {
                return i + 30 + n.length + u16(zip, i + 28);
            }
        }
        throw new IllegalArgumentException("no entry " + name);
    }

    /** Where an entry's record in the central directory starts. */
    static int centralRecord(byte[] zip, String name) {
        byte[] n = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i + 46 + n.length <= zip.length; i++) {
            if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 1 && zip[i + 3] == 2
                    && u16(zip, i + 28) == n.length
                    && java.util.Arrays.equals(zip, i + 46, i + 46 + n.length, n, 0, n.length)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no central record for " + name);
    }

    static int u16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    static void putU32(byte[] b, int at, long v) {
        for (int k = 0; k < 4; k++) {
            b[at + k] = (byte) (v >>> (8 * k));
        }
    }
}
