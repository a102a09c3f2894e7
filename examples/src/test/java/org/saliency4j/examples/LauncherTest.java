package org.saliency4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script (src/main/sh/saliency4j), run as the build lays it out (bin/saliency4j beside the jar) with
 * a stand-in jar whose main class exits with the status its command asks for: it keeps a command's class-data
 * archive only from a run that did the command's work.
 */
class LauncherTest {
    @TempDir
    Path dir;
    private Path launcher;

    /** A main class that exits with the status named by its last argument ("fail" gives 1), else 0. */
    public static final class StandIn {
        private StandIn() {
        }

        /**
         * Writes the JVM's options, one a line, to the file named by STAND_IN_OPTIONS where that is set, then exits.
         *
         * @param args the command line
         * @throws IOException when the file cannot be written
         */
        public static void main(String[] args) throws IOException {
            String options = System.getenv("STAND_IN_OPTIONS");
            if (options != null) {
                Files.write(Path.of(options), ManagementFactory.getRuntimeMXBean().getInputArguments());
            }
            System.exit(args.length > 0 && args[args.length - 1].equals("fail") ? 1 : 0);
        }
    }

    @BeforeEach
    void layOut() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "the launcher is a bash script");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        launcher = Files.copy(Path.of("src", "main", "sh", "saliency4j"), bin.resolve("saliency4j"));
        Files.copy(Path.of("src", "main", "sh", "saliency4j-jit.json"), bin.resolve("saliency4j-jit.json"));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, StandIn.class.getName());
        String entry = StandIn.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(dir.resolve("saliency4j-examples.jar"));
             JarOutputStream jar = new JarOutputStream(file, manifest);
             InputStream bytes = StandIn.class.getClassLoader().getResourceAsStream(entry)) {
            assertThat(bytes).as(entry).isNotNull();
            jar.putNextEntry(new JarEntry(entry));
            bytes.transferTo(jar);
            jar.closeEntry();
        }
    }

    private int run(String... args) throws IOException, InterruptedException {
        return runAs(launcher, args);
    }

    private int runAs(Path script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/bin/bash", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("output.txt").toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("STAND_IN_OPTIONS", dir.resolve("options.txt").toString());
        Process p = builder.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the launcher ends").isTrue();
        return p.exitValue();
    }

    private List<String> archives() throws IOException {
        Path cds = dir.resolve("cds");
        if (!Files.isDirectory(cds)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cds)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aHelpRunOrAFailedRunLeavesNoArchiveAndTheFirstRealRunWritesOne() throws Exception {
        assertThat(run("explain", "--help")).isZero();
        assertThat(run("-h")).isZero();
        assertThat(archives()).as("after help runs").isEmpty();
        assertThat(run("explain", "fail")).isOne();
        assertThat(archives()).as("after a failed run, nothing, not even a temporary file").isEmpty();
        assertThat(run("explain", "--out", "x")).isZero();
        assertThat(archives()).as("after a real run").singleElement().asString()
                .startsWith("explain-vector-").endsWith(".jsa");
        assertThat(run("explain", "--out", "y")).as("a run with the archive").isZero();
        assertThat(run("summary")).isZero();
        assertThat(archives()).hasSize(2).anyMatch(name -> name.startsWith("summary-plain-"));
    }

    @Test
    void aSymbolicLinkToTheLauncherFindsTheJarBesideTheScriptItPointsTo() throws Exception {
        // Two levels down, so that the link's own folder has no jar beside it: one found there would be a mistake.
        Path elsewhere = Files.createDirectories(dir.resolve("on").resolve("path"));
        Path link = Files.createSymbolicLink(elsewhere.resolve("saliency4j"), launcher);
        assertThat(runAs(link, "summary")).isZero();
        assertThat(Files.readString(dir.resolve("output.txt"))).doesNotContain("not found");
        assertThat(archives()).as("the archive lies beside the jar")
                .singleElement().asString().startsWith("summary-plain-");
    }

    @Test
    void commandsThatRunModelsGetTheVectorModuleAndTheKernelsCompileThresholdsQuietlyButNotForHelp() throws Exception {
        String kernels = "-XX:CompileCommand=CompileThresholdScaling,org.saliency4j.cpu.VectorLoops::*,0.1";
        String directives = "-XX:CompilerDirectivesFile=" + dir.resolve("bin").resolve("saliency4j-jit.json");
        assertThat(run("explain", "--out", "x")).isZero();
        assertThat(Files.readAllLines(dir.resolve("options.txt")))
                .contains("--add-modules=jdk.incubator.vector", "-XX:+UseSerialGC", kernels, directives);
        // The JVM took the compile command and the directives without a word: neither a parse error, nor
        // CompileCommand's echo, nor the count of directives added.
        assertThat(Files.readString(dir.resolve("output.txt")))
                .doesNotContain("CompileCommand").doesNotContain("directive").doesNotContain("rror");
        for (List<String> plain : List.of(List.of("summary"), List.of("explain", "--help"), List.of("visualize", "-h"),
                List.of("bench", "--version"))) {
            assertThat(run(plain.toArray(String[]::new))).as("%s", plain).isZero();
            assertThat(Files.readAllLines(dir.resolve("options.txt"))).as("the JVM's options for %s", plain)
                    .contains("-XX:+UseSerialGC")
                    .noneMatch(o -> o.contains("jdk.incubator.vector") || o.contains("CompileCommand")
                            || o.contains("Directives"));
        }
    }

    @Test
    void theHeapGetsTransparentHugePagesExactlyWhereTheKernelOffersThemOnRequest() throws Exception {
        Path mode = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
        String kernel = Files.isReadable(mode) ? Files.readString(mode) : "";
        boolean offered = kernel.contains("[madvise]") || kernel.contains("[always]");
        assertThat(run("summary")).isZero();
        assertThat(Files.readAllLines(dir.resolve("options.txt")).contains("-XX:+UseTransparentHugePages"))
                .as("huge pages asked for, with the kernel's mode '%s'", kernel.strip())
                .isEqualTo(offered);
        assertThat(Files.readString(dir.resolve("output.txt"))).as("the JVM took them without a warning")
                .doesNotContainIgnoringCase("warning").doesNotContainIgnoringCase("huge");
    }
}
