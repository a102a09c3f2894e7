package org.saliency4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.saliency4j.backend.Backend;
import org.saliency4j.backend.Backends;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.keras.KerasModels;

/**
 * The models an executor JVM has loaded and compiled, keyed by the SHA-256 of the file's bytes and the backend: each
 * is loaded once per JVM, whatever the number of partitions, tasks and transformations that use it, and kept for
 * the JVM's life (an executor's models are few and its lifetime is the job's).
 */
final class ModelCache {
    private static final Map<String, CompiledModel> MODELS = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    private ModelCache() {
    }

    /**
     * @param sha256  the bytes' SHA-256, hex
     * @param bytes   the model file's bytes (.h5 or .keras)
     * @param backend the backend's name ({@code cpu}, {@code cuda}) or {@code auto}
     * @return the compiled model, loaded on first use in this JVM
     */
    static CompiledModel compiled(String sha256, byte[] bytes, String backend) {
        return MODELS.computeIfAbsent(sha256 + "/" + backend, k -> load(bytes, backend));
    }

    /** @return how many models this JVM has loaded (for tests: once per JVM, not per partition) */
    static int loads() {
        return LOADS.get();
    }

    private static CompiledModel load(byte[] bytes, String backend) {
        LOADS.incrementAndGet();
        // The Keras readers take a file: HDF5 starts with \211HDF, a .keras archive with PK.
        String suffix = bytes.length > 1 && bytes[0] == 'P' && bytes[1] == 'K' ? ".keras" : ".h5";
        Path file = null;
        try {
            file = Files.createTempFile("saliency4j-model-", suffix);
            Files.write(file, bytes);
            Backend b = (backend.equals("auto") ? Backends.select() : Backends.select(backend)).create();
            return b.compile(KerasModels.load(file));
        } catch (IOException e) {
            throw new UncheckedIOException("loading the model on this executor: " + e.getMessage(), e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // a temporary file left behind; the model is loaded
                }
            }
        }
    }

    /**
     * @param bytes a file's bytes
     * @return their SHA-256, hex
     */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
