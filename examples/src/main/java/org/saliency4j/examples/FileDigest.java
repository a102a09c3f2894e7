package org.saliency4j.examples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The SHA-256 of a file that a command records (the model's), computed on a thread of its own from the moment the
 * command knows the file, so that the record waits for it only if the command's work is shorter than the hash.
 * A fresh JVM takes about 80 ms for the 1.5 MB notebook model (the digest runs interpreted at first); a VGG16 file
 * of 528 MB takes seconds.
 */
final class FileDigest {
    private final Path file;
    private final CompletableFuture<String> hex;

    private FileDigest(Path file) {
        this.file = file;
        this.hex = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                hex.complete(sha256(file));
            } catch (IOException | RuntimeException e) {
                hex.completeExceptionally(e);
            }
        }, "saliency4j-sha256");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Starts hashing a file.
     *
     * @param file the file, read and not modified
     * @return the digest under way
     */
    static FileDigest start(Path file) {
        return new FileDigest(file);
    }

    /**
     * Waits for the digest.
     *
     * @return the file's SHA-256 in lower-case hexadecimal
     * @throws IOException when the file could not be read
     */
    String sha256() throws IOException {
        try {
            return hex.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while hashing " + file, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("hashing " + file + " failed", e.getCause());
        }
    }

    /**
     * Hashes a file on the calling thread, in blocks (a model file can be larger than memory wants to hold twice).
     *
     * @param file the file, read and not modified
     * @return its SHA-256 in lower-case hexadecimal
     * @throws IOException when the file cannot be read
     */
    static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                md.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
