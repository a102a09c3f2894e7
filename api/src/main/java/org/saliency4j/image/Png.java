package org.saliency4j.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Encodes a picture as a PNG file (W3C, "Portable Network Graphics (PNG) Specification", second edition): 8 bits
 * per channel, RGB, or RGBA where the image has an alpha channel; no interlacing; every row with filter type 0
 * (none), compressed by the JDK's zlib at its default level. That is all the pictures Saliency4J draws need
 * (maps, overlays, grids, figures), and it is several times faster in a fresh JVM than a general image library:
 * the rows go to zlib as they are, and the common pixel layouts are read straight from the image's memory.
 *
 * <p>Colours are the image's sRGB values, as {@link BufferedImage#getRGB} gives them.
 */
public final class Png {
    private static final byte[] SIGNATURE = {(byte) 137, 'P', 'N', 'G', '\r', '\n', 26, '\n'};
    private static final int BIT_DEPTH = 8;
    private static final int COLOUR_RGB = 2;
    private static final int COLOUR_RGBA = 6;
    private static final int FILTER_NONE = 0;

    private Png() {
    }

    /**
     * @param image the picture; not modified
     * @return the bytes of a PNG file that holds it
     * @throws IllegalArgumentException if the picture is too large for one array of its rows (over 2 GB)
     */
    public static byte[] encode(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        boolean alpha = image.getColorModel().hasAlpha();
        int channels = alpha ? 4 : 3;
        long rowBytes = 1 + (long) channels * width;
        if (rowBytes * height > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("a " + width + " x " + height + " picture is too large to encode"
                    + " as one PNG here (over 2 GB of pixels); draw it smaller");
        }
        byte[] rows = rows(image, channels, (int) rowBytes);
        ByteArrayOutputStream file = new ByteArrayOutputStream(rows.length / 4 + 1024);
        file.writeBytes(SIGNATURE);
        ByteBuffer header = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) BIT_DEPTH).put((byte) (alpha ? COLOUR_RGBA : COLOUR_RGB))
                .put((byte) 0).put((byte) 0).put((byte) 0); // deflate, adaptive filtering, no interlace
        chunk(file, "IHDR", header.array(), header.position());
        byte[] compressed = deflate(rows);
        chunk(file, "IDAT", compressed, compressed.length);
        chunk(file, "IEND", new byte[0], 0);
        return file.toByteArray();
    }

    /** The rows as PNG stores them before compression: a filter byte, then each pixel's R, G, B (and A). */
    private static byte[] rows(BufferedImage image, int channels, int rowBytes) {
        int width = image.getWidth();
        int height = image.getHeight();
        byte[] out = new byte[rowBytes * height];
        WritableRaster raster = image.getRaster();
        int type = image.getType();
        boolean direct = (type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_INT_ARGB)
                && raster.getDataBuffer() instanceof DataBufferInt
                && raster.getSampleModel() instanceof SinglePixelPackedSampleModel;
        // Packed sRGB ints (what Saliency4J draws into) are read in place, row by row of the image's own array;
        // other layouts through getRGB, a row at a time.
        int[] row = direct ? ((DataBufferInt) raster.getDataBuffer()).getData() : new int[width];
        int first = 0;
        int stride = 0;
        if (direct) {
            SinglePixelPackedSampleModel model = (SinglePixelPackedSampleModel) raster.getSampleModel();
            first = raster.getDataBuffer().getOffset() + model.getOffset(-raster.getSampleModelTranslateX(),
                    -raster.getSampleModelTranslateY());
            stride = model.getScanlineStride();
        }
        for (int y = 0; y < height; y++) {
            int from = first + y * stride;
            if (!direct) {
                image.getRGB(0, y, width, 1, row, 0, width);
            }
            int o = y * rowBytes;
            out[o++] = FILTER_NONE;
            for (int x = 0; x < width; x++) {
                int argb = row[from + x];
                out[o] = (byte) (argb >>> 16);
                out[o + 1] = (byte) (argb >>> 8);
                out[o + 2] = (byte) argb;
                if (channels == 4) {
                    out[o + 3] = (byte) (argb >>> 24);
                }
                o += channels;
            }
        }
        return out;
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4 + 64);
            byte[] buffer = new byte[1 << 16];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /** Writes a chunk: its length, type, data and the CRC-32 of type and data. */
    private static void chunk(ByteArrayOutputStream file, String type, byte[] data, int length) {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data, 0, length);
        file.writeBytes(ByteBuffer.allocate(4).putInt(length).array());
        file.writeBytes(name);
        file.write(data, 0, length);
        file.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
