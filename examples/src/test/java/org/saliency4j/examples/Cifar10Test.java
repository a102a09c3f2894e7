package org.saliency4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saliency4j.DataFormatException;
import org.saliency4j.testing.SharedFiles;

/** The CIFAR-10 binary format: label byte, then the R, G and B planes, into (h, w, c) divided by 255. */
class Cifar10Test {
    @TempDir
    Path dir;

    /** Two records: label 3 with R = row, G = column, B = 255; label 9 all zero. */
    private Path twoRecords() throws IOException {
        byte[] b = new byte[2 * Cifar10.RECORD_BYTES];
        b[0] = 3;
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                b[1 + y * 32 + x] = (byte) y;
                b[1 + 1024 + y * 32 + x] = (byte) x;
                b[1 + 2048 + y * 32 + x] = (byte) 255;
            }
        }
        b[Cifar10.RECORD_BYTES] = 9;
        return Files.write(dir.resolve("batch.bin"), b);
    }

    @Test
    void readsPlanesIntoChannelsLastDividedBy255() throws IOException {
        Cifar10.LabeledImages d = Cifar10.read(twoRecords(), Integer.MAX_VALUE);
        assertThat(d.labels()).containsExactly(3, 9);
        assertThat(d.images().shape().toArray()).containsExactly(2, 32, 32, 3);
        assertThat(d.images().get(0, 7, 5, 0)).isEqualTo((float) (7 / 255.0));
        assertThat(d.images().get(0, 7, 5, 1)).isEqualTo((float) (5 / 255.0));
        assertThat(d.images().get(0, 7, 5, 2)).isEqualTo(1f);
        assertThat(d.images().get(1, 31, 31, 2)).isZero();
    }

    @Test
    void theLimitReadsOnlyTheFirstRecords() throws IOException {
        assertThat(Cifar10.read(twoRecords(), 1).count()).isEqualTo(1);
    }

    @Test
    void anImageBeyondThoseReadIsRefusedWithTheCount() throws IOException {
        Cifar10.LabeledImages d = Cifar10.read(twoRecords(), 1);
        assertThat(d.exactImage(0).get(0, 7, 5, 0)).isEqualTo(7 / 255.0);
        assertThatThrownBy(() -> d.exactImage(1)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("image 1").hasMessageContaining("only 1 images were read");
    }

    @Test
    void aFileThatIsNotAWholeNumberOfRecordsIsRejectedByName() throws IOException {
        Path bad = Files.write(dir.resolve("short.bin"), new byte[Cifar10.RECORD_BYTES + 5]);
        assertThatThrownBy(() -> Cifar10.read(bad, Integer.MAX_VALUE)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining(bad.toString()).hasMessageContaining("3078 bytes").hasMessageContaining("3073");
    }

    @Test
    void aLabelOutsideTheTenClassesIsRejected() throws IOException {
        byte[] b = new byte[Cifar10.RECORD_BYTES];
        b[0] = 12;
        Path bad = Files.write(dir.resolve("label.bin"), b);
        assertThatThrownBy(() -> Cifar10.read(bad, Integer.MAX_VALUE)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("label 12");
    }

    @Test
    void theOfficialTestSetHasTenThousandBalancedImages() throws IOException {
        Cifar10.LabeledImages d = Cifar10.read(SharedFiles.require(SharedFiles.CIFAR10_TEST), Integer.MAX_VALUE);
        assertThat(d.count()).isEqualTo(10_000);
        int[] perClass = new int[10];
        for (int l : d.labels()) {
            perClass[l]++;
        }
        assertThat(perClass).containsOnly(1000);
        // The first test image is a cat (label 3) in the official set; image 3 is the notebook's plane.
        assertThat(d.labels()[0]).isEqualTo(3);
        assertThat(d.labels()[3]).isEqualTo(0);
    }
}
