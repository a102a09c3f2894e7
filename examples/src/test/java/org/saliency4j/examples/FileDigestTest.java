package org.saliency4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model file's SHA-256 in the commands' records, against the test vectors of FIPS 180-2 (appendix B). */
class FileDigestTest {

    @TempDir
    Path dir;

    @Test
    void shortMessageGivesTheStandardsDigest() throws IOException {
        Path f = Files.write(dir.resolve("abc"), "abc".getBytes(StandardCharsets.US_ASCII));
        assertThat(FileDigest.start(f).sha256())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void fileLongerThanTheReadBufferGivesTheStandardsDigest() throws IOException {
        // One million 'a': sixteen reads of the 64 KiB buffer, the last one partial.
        byte[] a = new byte[1_000_000];
        Arrays.fill(a, (byte) 'a');
        Path f = Files.write(dir.resolve("million-a"), a);
        assertThat(FileDigest.start(f).sha256())
                .isEqualTo("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
        assertThat(FileDigest.sha256(f)).isEqualTo(FileDigest.start(f).sha256());
    }

    @Test
    void missingFileFailsWhenTheDigestIsAskedFor() {
        FileDigest d = FileDigest.start(dir.resolve("gone.h5"));
        assertThatThrownBy(d::sha256).isInstanceOf(NoSuchFileException.class).hasMessageContaining("gone.h5");
    }
}
