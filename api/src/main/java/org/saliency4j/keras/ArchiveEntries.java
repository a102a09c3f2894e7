package org.saliency4j.keras;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.saliency4j.ModelFormatException;

/**
 * The entries of a {@code .keras} archive, each read with its sizes bounded before any byte is unpacked
 * ({@link ReadLimits}) and its CRC-32 checked after: {@link ZipFile} checks neither for a stored entry, so one
 * flipped byte would otherwise load as a wrong weight.
 */
final class ArchiveEntries implements AutoCloseable {
    private final Path file;
    private final ZipFile zip;
    private final long archiveBytes;

    private ArchiveEntries(Path file, ZipFile zip, long archiveBytes) {
        this.file = file;
        this.zip = zip;
        this.archiveBytes = archiveBytes;
    }

    /**
     * @param file a zip archive
     * @return its entries, open
     * @throws ModelFormatException when its directory cannot be read
     * @throws IOException          when the file cannot be read
     */
    static ArchiveEntries open(Path file) throws IOException {
        long size = Files.size(file);
        try {
            return new ArchiveEntries(file, new ZipFile(file.toFile()), size);
        } catch (ZipException | java.io.EOFException e) {
            throw new ModelFormatException(file + ": a damaged zip archive (its directory cannot be read); copy or "
                    + "download it again", e);
        }
    }

    /** @return whether the archive has an entry of that name */
    boolean has(String name) {
        return zip.getEntry(name) != null;
    }

    /**
     * An entry's bytes, for a small entry such as {@code config.json}.
     *
     * @param name  the entry
     * @param limit the most bytes it may have
     * @param property the system property that raises the limit, for the message
     * @return its bytes, CRC checked
     */
    byte[] bytes(String name, long limit, String property) throws IOException {
        ZipEntry e = checked(name, Math.min(limit, Integer.MAX_VALUE - 8L), property);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream((int) Math.max(0, e.getSize()));
        copy(e, out, Math.min(limit, Integer.MAX_VALUE - 8L), property);
        return out.toByteArray();
    }

    /**
     * Unpacks an entry to a new temporary file, which the caller deletes.
     *
     * @param name     the entry
     * @param limit    the most bytes it may have
     * @param property the system property that raises the limit, for the message
     * @return the file, CRC checked
     */
    Path toTemporaryFile(String name, long limit, String property) throws IOException {
        ZipEntry e = checked(name, limit, property);
        Path tmp = Files.createTempFile("saliency4j-", "-" + name);
        boolean done = false;
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                copy(e, out, limit, property);
            }
            done = true;
            return tmp;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** The entry, with its declared sizes checked against the limit and the archive's own size. */
    private ZipEntry checked(String name, long limit, String property) {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw new ModelFormatException(file + ": a zip archive without " + name + ", so not a Keras model archive");
        }
        long size = e.getSize();
        long packed = e.getCompressedSize();
        if (size > limit) {
            throw tooLarge(name, size, limit, property);
        }
        if (packed > archiveBytes) {
            throw new ModelFormatException(file + ": " + name + " declares " + packed + " compressed bytes in an "
                    + "archive of " + archiveBytes + "; the archive is damaged or truncated");
        }
        if (e.getMethod() == ZipEntry.STORED && size >= 0 && size > archiveBytes) {
            throw new ModelFormatException(file + ": " + name + " declares " + size + " bytes in an archive of "
                    + archiveBytes + "; the archive is damaged or truncated");
        }
        if (e.getMethod() != ZipEntry.STORED && size > ReadLimits.EXPANSION * Math.max(packed, 1L)) {
            throw new ModelFormatException(file + ": " + name + " declares " + size + " bytes packed into " + packed
                    + ", more than " + ReadLimits.EXPANSION + " times; refusing what looks like a zip bomb");
        }
        return e;
    }

    /** Copies an entry, stopping at its declared size, the limit or the expansion bound, and checks its CRC-32. */
    private void copy(ZipEntry e, OutputStream out, long limit, String property) throws IOException {
        long declared = e.getSize();
        long bound = Math.min(limit, declared >= 0 ? declared : Long.MAX_VALUE);
        if (e.getMethod() != ZipEntry.STORED) {
            bound = Math.min(bound, ReadLimits.EXPANSION * Math.max(e.getCompressedSize(), 1L));
        }
        CRC32 crc = new CRC32();
        long total = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = zip.getInputStream(e)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > bound) {
                    throw total > limit ? tooLarge(e.getName(), total, limit, property)
                            : new ModelFormatException(file + ": " + e.getName() + " unpacks to more than the "
                            + bound + " bytes it declares; the archive is damaged");
                }
                crc.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        } catch (ZipException | java.io.EOFException ex) {
            throw new ModelFormatException(file + ": " + e.getName() + " cannot be unpacked (the archive is damaged "
                    + "or truncated); copy or download it again", ex);
        }
        if (declared >= 0 && total != declared) {
            throw new ModelFormatException(file + ": " + e.getName() + " has " + total + " bytes where the archive "
                    + "declares " + declared + "; the archive is damaged or truncated");
        }
        if (e.getCrc() >= 0 && crc.getValue() != e.getCrc()) {
            throw new ModelFormatException(String.format("%s: %s fails its CRC-32 check (the archive records %08x, "
                    + "its bytes give %08x): the archive is damaged; copy or download it again", file, e.getName(),
                    e.getCrc(), crc.getValue()));
        }
    }

    private ModelFormatException tooLarge(String name, long size, long limit, String property) {
        return new ModelFormatException(file + ": " + name + " has " + size + " bytes, more than the limit of " + limit
                + "; if the model really is this large, raise it with -D" + property + "=<bytes>");
    }

    @Override
    public void close() {
        try {
            zip.close();
        } catch (IOException e) {
            // Nothing was written; a failure to release a read-only handle changes no result.
        }
    }
}
