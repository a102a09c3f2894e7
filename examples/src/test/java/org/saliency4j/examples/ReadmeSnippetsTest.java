package org.saliency4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every code block of the README and the user guide that follows a {@code <!-- checked against FILE -->} marker is
 * in that file of a consumer project (consumers/src/it), line for line and in order (the file may have more lines
 * between them), so that the blocks are what the consumer builds compile and run. The consumers'
 * {@code @project.version@} stands for this build's version.
 */
class ReadmeSnippetsTest {
    private static final Path ROOT = Path.of("..");
    private static final Pattern CHECKED = Pattern.compile("<!-- checked against (\\S+) -->\\n```\\w*\\n(.*?)```",
            Pattern.DOTALL);

    @Test
    void everyCheckedBlockIsInItsConsumerProject() throws IOException {
        assertThat(checkBlocks("README.md")).as("checked blocks in README.md").isEqualTo(6);
        assertThat(checkBlocks("docs/user-guide.md")).as("checked blocks in docs/user-guide.md").isEqualTo(1);
    }

    /** Checks a document's marked blocks; returns how many there were. */
    private static int checkBlocks(String document) throws IOException {
        String readme = Files.readString(ROOT.resolve(document), StandardCharsets.UTF_8);
        String version = new Version().getVersion()[0].substring("saliency4j ".length());
        Matcher m = CHECKED.matcher(readme);
        int blocks = 0;
        while (m.find()) {
            blocks++;
            Path file = ROOT.resolve(m.group(1));
            List<String> have = trimmed(Files.readString(file, StandardCharsets.UTF_8)
                    .replace("@project.version@", version));
            List<String> want = trimmed(m.group(2));
            int at = 0;
            for (String line : want) {
                int found = have.subList(at, have.size()).indexOf(line);
                assertThat(found).as("%s line '%s' in %s after line %d", document, line, file, at).isNotNegative();
                at += found + 1;
            }
        }
        return blocks;
    }

    private static List<String> trimmed(String text) {
        List<String> lines = new ArrayList<>();
        text.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(lines::add);
        return lines;
    }
}
