package org.saliency4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The README's command table is generated from the commands themselves, so that the two cannot drift apart: this
 * test fails when they differ. {@code mvn -pl examples test -Dtest=CommandTableTest -Dsaliency4j.updateReadme=true}
 * rewrites the table.
 */
class CommandTableTest {
    static final String BEGIN = "<!-- commands: generated from the commands' help by CommandTableTest; edit the "
            + "commands, not this table -->";
    static final String END = "<!-- end of commands -->";
    private static final Path README = Path.of("..", "README.md");

    /** @return the Markdown table: each command's synopsis and the first line of its description */
    static String table() {
        CommandLine cli = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        StringBuilder s = new StringBuilder("| command | what it does |\n|---|---|\n");
        for (CommandLine sub : cli.getSubcommands().values()) {
            CommandSpec spec = sub.getCommandSpec();
            StringJoiner synopsis = new StringJoiner(" ");
            synopsis.add(spec.name());
            for (OptionSpec o : spec.options()) {
                if (o.usageHelp() || o.versionHelp() || o.hidden()) {
                    continue;
                }
                String option = o.longestName() + (o.arity().max() > 0 ? " " + o.paramLabel() : "");
                synopsis.add(o.required() ? option : "[" + option + "]");
            }
            s.append("| `").append(synopsis.toString().replace("|", "\\|")).append("` | ")
                    .append(spec.usageMessage().description()[0].replace("|", "\\|")).append(" |\n");
        }
        return s.toString();
    }

    @Test
    void theReadmesCommandTableIsTheCommandsOwn() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertThat(begin).as("README.md has the marker " + BEGIN).isNotNegative();
        assertThat(end).as("README.md has the marker " + END).isGreaterThan(begin);
        String current = readme.substring(begin + BEGIN.length() + 1, end);
        String expected = table();
        if (!current.equals(expected) && Boolean.getBoolean("saliency4j.updateReadme")) {
            Files.writeString(README, readme.substring(0, begin + BEGIN.length() + 1) + expected
                    + readme.substring(end), StandardCharsets.UTF_8);
            return;
        }
        assertThat(current).as("README.md's command table; rerun with -Dsaliency4j.updateReadme=true to rewrite it")
                .isEqualTo(expected);
    }
}
