package org.saliency4j.examples;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A folder the examples write into: it refuses to replace existing files unless forced, and writes each file
 * completely or not at all (to a temporary file beside it, then an atomic rename).
 */
final class OutputFolder {
    private final Path dir;

    private OutputFolder(Path dir) {
        this.dir = dir;
    }

    /**
     * Opens the folder, creating it, after checking that none of the files to be written exists (unless forced),
     * so that a refused run changes nothing.
     */
    static OutputFolder open(Path dir, boolean force, List<String> names) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new FileAlreadyExistsException(dir.toString(), null, "exists and is not a folder");
        }
        if (!force) {
            for (String name : names) {
                Path p = dir.resolve(name);
                if (Files.exists(p)) {
                    throw new FileAlreadyExistsException(p.toString(), null,
                            "would be overwritten; pass --force to replace the files of an earlier run");
                }
            }
        }
        try {
            Files.createDirectories(dir);
        } catch (java.nio.file.FileSystemException e) {
            throw new java.nio.file.FileSystemException(dir.toString(), null, "cannot create this folder: "
                    + Main.reason(e) + (e.getFile() == null || Path.of(e.getFile()).toAbsolutePath().equals(dir.toAbsolutePath())
                    ? "" : " (" + e.getFile() + ")"));
        }
        // A folder that cannot be written to is found now, before any work, not at the first file.
        try {
            Files.delete(Files.createTempFile(dir, ".saliency4j-", ".probe"));
        } catch (java.nio.file.FileSystemException e) {
            throw new java.nio.file.FileSystemException(dir.toString(), null, "cannot write in this folder: "
                    + Main.reason(e));
        }
        return new OutputFolder(dir);
    }

    Path path() {
        return dir;
    }

    /**
     * Makes and writes several files side by side on the available cores, each as {@link #write} does: what a
     * command writes at its end (figures, grids, its JSON record) is independent, and each file takes a good part
     * of a second of a core in a fresh JVM. Put the longest first, so that the others share the cores with it.
     *
     * @param files each makes its file's content and writes it, returning its path
     * @throws IOException the first failure, after the others have finished
     */
    void writeAll(List<Callable<Path>> files) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(files.size(),
                Runtime.getRuntime().availableProcessors())));
        try {
            for (Future<Path> written : pool.invokeAll(files)) {
                written.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while writing to " + dir);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Writes a file atomically: readers see the old file or the complete new one, never a part. */
    Path write(String name, byte[] content) throws IOException {
        Path target = dir.resolve(name);
        Path temp = dir.resolve("." + name + "." + Long.toHexString(System.nanoTime()) + ".part");
        try {
            Files.write(temp, content, java.nio.file.StandardOpenOption.CREATE_NEW);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        return target;
    }
}
