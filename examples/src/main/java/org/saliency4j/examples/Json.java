package org.saliency4j.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.nio.charset.StandardCharsets;

/**
 * The JSON the commands write ({@code results.json}, {@code bench}'s object): objects one member per line, arrays
 * on one line each, doubles as Java prints them (they read back to the same value).
 */
final class Json {
    private static final ObjectWriter WRITER = new ObjectMapper().writer(new DefaultPrettyPrinter()
            .withArrayIndenter(DefaultPrettyPrinter.NopIndenter.instance)
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withArrayEmptySeparator("")
                    .withObjectEmptySeparator("")));

    private Json() {
    }

    /**
     * @param value maps, lists, strings, numbers, booleans and arrays of them
     * @return the JSON text, ending with a newline
     */
    static String text(Object value) {
        try {
            return WRITER.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON", e);
        }
    }

    /** @return {@link #text} in UTF-8 */
    static byte[] bytes(Object value) {
        return text(value).getBytes(StandardCharsets.UTF_8);
    }
}
