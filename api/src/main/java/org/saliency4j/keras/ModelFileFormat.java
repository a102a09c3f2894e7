package org.saliency4j.keras;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/** The container format of a model file, recognised from its bytes, never from its name. */
enum ModelFileFormat {
    /** HDF5: the signature at offset 0, or at 512, 1024, 2048, ... after a user block. */
    HDF5,
    /** A zip archive ({@code PK\3\4}), such as a Keras 3 {@code .keras} file. */
    ZIP,
    /** Text starting with '{', such as a {@code to_json()} architecture. */
    JSON,
    /** Anything else. */
    UNKNOWN;

    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    private static final byte[] ZIP_SIGNATURE = {'P', 'K', 3, 4};

    static ModelFileFormat detect(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            byte[] head = read(ch, 0, 8);
            if (Arrays.equals(head, HDF5_SIGNATURE)) {
                return HDF5;
            }
            for (long offset = 512; offset + 8 <= size; offset *= 2) {
                if (Arrays.equals(read(ch, offset, 8), HDF5_SIGNATURE)) {
                    return HDF5;
                }
            }
            if (head.length >= 4 && Arrays.equals(Arrays.copyOf(head, 4), ZIP_SIGNATURE)) {
                return ZIP;
            }
            String text = new String(head, StandardCharsets.UTF_8).stripLeading();
            return text.startsWith("{") ? JSON : UNKNOWN;
        }
    }

    private static byte[] read(FileChannel ch, long offset, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (ch.read(b, offset + b.position()) < 0) {
                break;
            }
        }
        return Arrays.copyOf(b.array(), b.position());
    }
}
