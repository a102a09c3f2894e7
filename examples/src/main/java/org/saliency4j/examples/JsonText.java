package org.saliency4j.examples;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes maps, lists, strings, numbers, booleans and double arrays as JSON text. Doubles are written so that they
 * read back to the same value.
 */
final class JsonText {
    private JsonText() {
    }

    static String write(@Nullable Object value) {
        StringBuilder s = new StringBuilder();
        append(s, value, 0);
        return s.append('\n').toString();
    }

    private static void append(StringBuilder s, @Nullable Object v, int depth) {
        if (v == null) {
            s.append("null");
        } else if (v instanceof String str) {
            string(s, str);
        } else if (v instanceof Double d) {
            number(s, d);
        } else if (v instanceof Number || v instanceof Boolean) {
            s.append(v);
        } else if (v instanceof double[] a) {
            s.append('[');
            for (int i = 0; i < a.length; i++) {
                if (i > 0) {
                    s.append(", ");
                }
                number(s, a[i]);
            }
            s.append(']');
        } else if (v instanceof Object[] a) {
            append(s, List.of(a), depth);
        } else if (v instanceof List<?> list) {
            boolean flat = list.stream().noneMatch(e -> e instanceof Map || e instanceof List || e instanceof Object[]);
            s.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    s.append(flat ? ", " : ",");
                }
                if (!flat) {
                    newline(s, depth + 1);
                }
                append(s, list.get(i), depth + 1);
            }
            if (!flat && !list.isEmpty()) {
                newline(s, depth);
            }
            s.append(']');
        } else if (v instanceof Map<?, ?> map) {
            s.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    s.append(',');
                }
                first = false;
                newline(s, depth + 1);
                string(s, e.getKey().toString());
                s.append(": ");
                append(s, e.getValue(), depth + 1);
            }
            newline(s, depth);
            s.append('}');
        } else {
            throw new IllegalArgumentException("cannot write " + v.getClass() + " as JSON");
        }
    }

    private static void number(StringBuilder s, double d) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("JSON has no " + d);
        }
        s.append(d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d));
    }

    private static void string(StringBuilder s, String str) {
        s.append('"');
        for (char c : str.toCharArray()) {
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                default -> {
                    if (c < 0x20) {
                        s.append(String.format("\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        s.append('"');
    }

    private static void newline(StringBuilder s, int depth) {
        s.append('\n').append("  ".repeat(depth));
    }
}
