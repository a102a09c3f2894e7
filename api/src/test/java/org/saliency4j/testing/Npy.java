package org.saliency4j.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the little-endian float32/float64 {@code .npy} files that come with some zoo models (C order). */
public final class Npy {
    private Npy() {
    }

    /**
     * Reads all values as doubles.
     *
     * @param file an .npy file of dtype {@code <f4} or {@code <f8}
     * @return the values in C (row-major) order
     * @throws IOException when the file cannot be read
     */
    public static double[] read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int major = b.get(6);
        int headerLength = major == 1 ? Short.toUnsignedInt(b.getShort(8)) : b.getInt(8);
        int start = major == 1 ? 10 : 12;
        String header = new String(b.array(), start, headerLength, StandardCharsets.ISO_8859_1);
        if (header.contains("'fortran_order': True")) {
            throw new IllegalArgumentException(file + ": Fortran order is not supported");
        }
        boolean f8 = header.contains("<f8");
        if (!f8 && !header.contains("<f4")) {
            throw new IllegalArgumentException(file + ": only <f4 and <f8 are supported: " + header);
        }
        b.position(start + headerLength);
        int n = b.remaining() / (f8 ? 8 : 4);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = f8 ? b.getDouble() : b.getFloat();
        }
        return v;
    }
}
