package org.saliency4j.keras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saliency4j.ModelFormatException;
import org.saliency4j.model.Model;

/**
 * Damaged and hostile {@code .keras} archives fail with one clear {@link ModelFormatException} before they can load
 * wrong weights, exhaust the stack or fill the heap. Each case was an uncaught error or a silent wrong load before.
 */
class HostileArchivesTest {
    @TempDir
    Path dir;

    private Path file(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static long unpacked() throws IOException {
        try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("saliency4j-")).count();
        }
    }

    @Test
    void aWellFormedArchiveLoads() throws IOException {
        long before = unpacked();
        Model m = KerasModels.load(file("ok.keras", KerasArchive.zip(KerasArchive.CONFIG,
                KerasArchive.weights(dir, 1f), false)));
        assertThat(m.output().outputShape().size()).isEqualTo(2);
        Model deflated = KerasModels.load(file("deflated.keras", KerasArchive.zip(KerasArchive.CONFIG,
                KerasArchive.weights(dir, 1f), true)));
        assertThat(deflated.nodes()).hasSameSizeAs(m.nodes());
        // The weights unpacked to a temporary file are deleted once the model is built.
        assertThat(unpacked()).isEqualTo(before);
    }

    @Test
    void aFlippedByteInAStoredEntryFailsItsCrc() throws IOException {
        byte[] zip = KerasArchive.zip(KerasArchive.CONFIG, KerasArchive.weights(dir, 1f), false);
        // The last byte of the weights entry's data: inside the last weight array, so HDF5 alone would not notice.
        int weightsEnd = KerasArchive.dataStart(zip, "model.weights.h5") + KerasArchive.weights(dir, 1f).length - 1;
        zip[weightsEnd] ^= 0x40;
        Path f = file("flipped.keras", zip);
        assertThatThrownBy(() -> KerasModels.load(f)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("model.weights.h5 fails its CRC-32 check").hasMessageStartingWith(f.toString());
    }

    @Test
    void configurationNestedThousandsOfLevelsDeepIsRefusedNotAStackOverflow() throws IOException {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        String config = KerasArchive.CONFIG.replace("\"dtype\": \"float32\", \"name\": \"input_layer\"",
                "\"dtype\": \"float32\", \"extra\": " + deep + ", \"name\": \"input_layer\"");
        Path f = file("deep.keras", KerasArchive.zip(config, KerasArchive.weights(dir, 1f), false));
        assertThatThrownBy(() -> KerasModels.load(f)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("config.json is not valid JSON").hasMessageContaining("nested deeper than 512");
        // inspect and summary never throw for a bad file.
        KerasInspection i = KerasInspection.of(f);
        assertThat(i.error()).contains("nested deeper than 512");
    }

    @Test
    void aDeflateBombIsRefusedBeforeItInflates() throws IOException {
        // 64 MiB of zeros deflate to about 64 KiB: a ratio of 1,000, beyond any Keras file.
        byte[] zeros = new byte[64 << 20];
        Path f = file("bomb.keras", KerasArchive.zip(KerasArchive.CONFIG, zeros, true));
        assertThatThrownBy(() -> KerasModels.load(f)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("model.weights.h5 declares").hasMessageContaining("zip bomb");
        // The same bomb with its declared size forged small stops at the declared size, not the inflated one.
        byte[] zip = KerasArchive.zip(KerasArchive.CONFIG, zeros, true);
        int central = KerasArchive.centralRecord(zip, "model.weights.h5");
        KerasArchive.putU32(zip, central + 24, 1000);
        Path forged = file("forged.keras", zip);
        assertThatThrownBy(() -> KerasModels.load(forged)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("unpacks to more than the 1000 bytes it declares");
    }

    @Test
    void aConfigurationOverTheCeilingIsRefusedWithTheWayToRaiseIt() throws IOException {
        Path f = file("big.keras", KerasArchive.zip(KerasArchive.CONFIG, KerasArchive.weights(dir, 1f), false));
        System.setProperty(ReadLimits.CONFIG_PROPERTY, "100");
        try {
            assertThatThrownBy(() -> KerasModels.load(f)).isInstanceOf(ModelFormatException.class)
                    .hasMessageContaining("config.json has " + KerasArchive.CONFIG.length() + " bytes")
                    .hasMessageContaining("-Dsaliency4j.maxConfigBytes=");
        } finally {
            System.clearProperty(ReadLimits.CONFIG_PROPERTY);
        }
    }

    @Test
    void aTruncatedArchiveIsReportedAsDamaged() throws IOException {
        byte[] zip = KerasArchive.zip(KerasArchive.CONFIG, KerasArchive.weights(dir, 1f), false);
        Path f = file("cut.keras", java.util.Arrays.copyOf(zip, zip.length / 2));
        assertThatThrownBy(() -> KerasModels.load(f)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("damaged zip archive").hasMessageNotContaining("null");
    }

    @Test
    void anInputShapeTooLargeOrEmptyIsBlamedOnTheInputLayerNotTheWeights() throws IOException {
        byte[] w = KerasArchive.weights(dir, 1f);
        Path huge = file("huge.keras", KerasArchive.zip(KerasArchive.CONFIG.replace("[null, 4]", "[null, 100000, 100000]"), w, false));
        assertThatThrownBy(() -> KerasModels.load(huge)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("layer 'input_layer' (InputLayer) has input shape [None, 100000, 100000], more than")
                .hasMessageNotContaining("model.weights.h5");
        Path zero = file("zero.keras", KerasArchive.zip(KerasArchive.CONFIG.replace("[null, 4]", "[null, 0]"), w, false));
        assertThatThrownBy(() -> KerasModels.load(zero)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("a size of 0 on axis 1").hasMessageNotContaining("unknown");
    }

    @Test
    void aWeightThatIsNotAFiniteNumberIsReportedAtLoadTime() throws IOException {
        Path f = file("nan.keras", KerasArchive.zip(KerasArchive.CONFIG, KerasArchive.weights(dir, Float.NaN), false));
        assertThatThrownBy(() -> KerasModels.load(f)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("layer 'dense' (Dense) has weight 'layers/dense/vars/0' holding NaN at flat index 11");
    }
}
