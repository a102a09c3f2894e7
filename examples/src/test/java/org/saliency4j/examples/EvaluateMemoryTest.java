package org.saliency4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.saliency4j.testing.SharedFiles;

/**
 * evaluate's memory is bounded by the heap, not multiplied by the core count: in a JVM told it has 16 cores and given
 * 256 MiB, it finishes (it ran out of memory with 4 or more before, as a user's 16-core machine would).
 */
class EvaluateMemoryTest {
    @Test
    void sixteenCoresInASmallHeapFinish() throws IOException, InterruptedException {
        Path model = SharedFiles.require(SharedFiles.CNN5);
        Path data = SharedFiles.require(SharedFiles.CIFAR10_TEST);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:ActiveProcessorCount=16",
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                "org.saliency4j.examples.Main", "evaluate", "--model", model.toString(), "--data", data.toString(),
                "--limit", "4000", "--backend", "cpu", "--quiet"))
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("evaluate finished within 2 minutes").isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("accuracy").doesNotContain("OutOfMemoryError");
    }
}
