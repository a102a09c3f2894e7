package org.saliency4j.keras;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.saliency4j.ModelFormatException;
import org.saliency4j.UnsupportedLayerException;

/**
 * One entry of a Keras layer list ({@code {"class_name": ..., "config": {...}}}) with typed getters whose errors
 * name the file, the layer and the key.
 */
final class LayerConfig {
    private final String source;
    private final String className;
    private final String name;
    private final Map<String, @Nullable Object> config;
    private final @Nullable Object entry;

    private LayerConfig(String source, String className, String name, Map<String, @Nullable Object> config,
                        @Nullable Object entry) {
        this.source = source;
        this.className = className;
        this.name = name;
        this.config = config;
        this.entry = entry;
    }

    /** Reads one layer entry; {@code position} is used in messages when the entry has no name. */
    static LayerConfig of(@Nullable Object entry, String source, int position) {
        if (!(entry instanceof Map<?, ?> map) || !(map.get("class_name") instanceof String cls)) {
            throw new ModelFormatException(source + ": layer entry " + position + " has no class_name");
        }
        Object cfg = map.get("config");
        Map<String, @Nullable Object> config = cfg instanceof Map<?, ?> ? asMap(cfg) : Map.of();
        Object n = config.get("name");
        Object outerName = map.get("name");
        String name = n instanceof String s ? s : outerName instanceof String s ? s
                : cls.toLowerCase(java.util.Locale.ROOT) + "_" + position;
        return new LayerConfig(source, cls, name, config, entry);
    }

    @SuppressWarnings("unchecked")
    static Map<String, @Nullable Object> asMap(Object o) {
        return (Map<String, @Nullable Object>) o;
    }

    /** The whole entry, with {@code inbound_nodes} for functional models. */
    @Nullable Object entry() {
        return entry;
    }

    String className() {
        return className;
    }

    String name() {
        return name;
    }

    String source() {
        return source;
    }

    boolean has(String key) {
        return config.get(key) != null;
    }

    @Nullable Object raw(String key) {
        return config.get(key);
    }

    int integer(String key) {
        Object v = config.get(key);
        if (v instanceof Double d && d == Math.rint(d)) {
            return d.intValue();
        }
        throw error("needs an integer '" + key + "', found " + v);
    }

    double number(String key, double fallback) {
        Object v = config.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Double d) {
            return d;
        }
        throw error("needs a number '" + key + "', found " + v);
    }

    String string(String key, String fallback) {
        Object v = config.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof String s) {
            return s;
        }
        throw error("needs a string '" + key + "', found " + v);
    }

    boolean bool(String key, boolean fallback) {
        Object v = config.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw error("needs true or false for '" + key + "', found " + v);
    }

    /** Reads a 2-D size: a single integer or a list of two; {@code fallback} when absent (may be null). */
    int @Nullable [] pair(String key, int @Nullable [] fallback) {
        Object v = config.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Double d && d == Math.rint(d)) {
            return new int[] {d.intValue(), d.intValue()};
        }
        if (v instanceof List<?> l && l.size() == 2 && l.get(0) instanceof Double a && l.get(1) instanceof Double b
                && a == Math.rint(a) && b == Math.rint(b)) {
            return new int[] {a.intValue(), b.intValue()};
        }
        throw error("needs '" + key + "' as an integer or a pair of integers, found " + v);
    }

    ModelFormatException error(String detail) {
        return new ModelFormatException(source + ": layer '" + name + "' (" + className + ") " + detail);
    }

    ModelFormatException error(String detail, Throwable cause) {
        return new ModelFormatException(source + ": layer '" + name + "' (" + className + ") " + detail, cause);
    }

    UnsupportedLayerException unsupported(String detail) {
        return new UnsupportedLayerException(source + ": layer '" + name + "' (" + className + ") " + detail);
    }
}
