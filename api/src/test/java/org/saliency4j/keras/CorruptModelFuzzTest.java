package org.saliency4j.keras;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saliency4j.SaliencyException;
import org.saliency4j.Saliency4jHome;

/**
 * Every damaged or hostile model file either loads or raises a {@link SaliencyException} whose message names the
 * file in our words, within a time bound per file and in the test JVM's small heap (api's tests run with
 * {@code -Xmx512m}): never another exception, an error, a hang or an exhausted heap. The cases come from
 * {@link CorruptModels}, seeded and made at test time; {@code -Dsaliency4j.fuzzCases=3000} runs the large version
 * (docs/reliability.md gives its counts), {@code -Dsaliency4j.fuzzSeed=N} another seed, {@code -Dsaliency4j.fuzzVerbose=true} prints each case and message.
 */
class CorruptModelFuzzTest {
    /** The build's default: at least 300 cases, a third per kind of seed. */
    private static final int DEFAULT_CASES = 360;
    /** The real seeds taken from the zoo when it is there: one of each format, small. */
    private static final List<String> ZOO_SEEDS = List.of("dl4j-test-resources__cnn_batch_norm.h5",
            "Moonflower2022__mnist_model.h5", "Moonflower2022__mnist_model.keras");

    @TempDir
    Path dir;

    @Test
    void everyCorruptFileLoadsOrFailsWithOneClearError() throws IOException {
        int cases = Integer.getInteger("saliency4j.fuzzCases", DEFAULT_CASES);
        long seed = Long.getLong("saliency4j.fuzzSeed", 20261202L);
        List<CorruptModels.Seed> seeds = new ArrayList<>(CorruptModels.generatedSeeds(dir));
        Path zoo = Saliency4jHome.resolve().root().resolve("models/zoo");
        for (String name : ZOO_SEEDS) {
            Path p = zoo.resolve(name);
            if (Files.isRegularFile(p)) {
                seeds.add(new CorruptModels.Seed(name, name.endsWith(".keras") ? ".keras" : ".h5", Files.readAllBytes(p)));
            }
        }
        if (seeds.size() == 3) {
            System.out.println("CorruptModelFuzzTest: models/zoo not found under " + Saliency4jHome.resolve()
                    + "; fuzzing the three generated seeds only (set SALIENCY4J_HOME to add the real files)");
        }
        CorruptModels generator = new CorruptModels(seeds, seed);
        Map<String, Integer> outcomes = new TreeMap<>();
        long slowest = 0;
        for (int i = 0; i < cases; i++) {
            CorruptModels.Case c = generator.make(i);
            Path f = Files.write(dir.resolve("case-" + i + c.suffix()), c.bytes());
            long start = System.nanoTime();
            String outcome = outcome(c, f);
            long took = System.nanoTime() - start;
            slowest = Math.max(slowest, took);
            assertThat(Duration.ofNanos(took)).as(c.name()).isLessThan(Duration.ofSeconds(10));
            outcomes.merge(outcome, 1, Integer::sum);
            if (Boolean.getBoolean("saliency4j.fuzzVerbose")) {
                System.out.println(c.name() + ": " + outcome + " in " + took / 1_000_000 + " ms");
            }
            Files.delete(f);
        }
        System.out.printf("CorruptModelFuzzTest: %d cases from %d seeds (seed %d): %s; slowest %.0f ms%n", cases,
                seeds.size(), seed, outcomes, slowest / 1e6);
        // Some damage is harmless (a flipped bit in padding); most must be caught.
        assertThat(outcomes.getOrDefault("refused", 0)).isGreaterThan(cases / 2);
    }

    /** Loads one case and checks how it ended: "loaded" or "refused", or fails the test naming the case. */
    private static String outcome(CorruptModels.Case c, Path f) {
        try {
            KerasModels.load(f);
            return "loaded";
        } catch (SaliencyException e) {
            String m = e.getMessage();
            assertThat(m).as(c.name()).isNotNull().startsWith(f.toString())
                    .doesNotContain("Exception").doesNotContain("io.jhdf").doesNotEndWith(": null");
            if (Boolean.getBoolean("saliency4j.fuzzVerbose")) {
                System.out.println("  " + m.substring(f.toString().length()));
            }
            return "refused";
        } catch (IOException | RuntimeException | Error e) {
            throw new AssertionError(c.name() + ": " + e, e);
        }
    }
}
