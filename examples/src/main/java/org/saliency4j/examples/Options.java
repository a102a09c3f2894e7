package org.saliency4j.examples;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Command-line options of the form {@code --name value}; unknown names are a usage error. */
final class Options {
    private final Map<String, String> values = new LinkedHashMap<>();
    private final java.util.Set<String> flagsGiven = new java.util.HashSet<>();

    private Options() {
    }

    /** Thrown for a command line that cannot be understood; the message says what is wrong. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static Options parse(String[] args, int from, Set<String> allowed) {
        return parse(args, from, allowed, Set.of());
    }

    /** Parses options with values ({@code allowed}) and options without ({@code flags}, e.g. {@code --force}). */
    static Options parse(String[] args, int from, Set<String> allowed, Set<String> flags) {
        Options o = new Options();
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new UsageException("unexpected argument '" + a + "'");
            }
            String name = a.substring(2);
            if (flags.contains(name)) {
                o.flagsGiven.add(name);
                continue;
            }
            if (!allowed.contains(name)) {
                throw new UsageException("unknown option --" + name + "; this command takes "
                        + java.util.stream.Stream.concat(allowed.stream(), flags.stream()).sorted().map(s -> "--" + s)
                        .toList());
            }
            if (i + 1 >= args.length) {
                throw new UsageException("option --" + name + " needs a value");
            }
            o.values.put(name, args[++i]);
        }
        return o;
    }

    boolean flag(String name) {
        return flagsGiven.contains(name);
    }

    @Nullable String get(String name) {
        return values.get(name);
    }

    String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    int integer(String name, int fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + " needs a positive whole number, got '" + v + "'");
        }
    }
}
