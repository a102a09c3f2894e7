package org.saliency4j.spark;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.saliency4j.DataFormatException;
import org.saliency4j.image.Images;
import org.saliency4j.image.PixelScaling;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/** Turns one row's input column into a model input, as {@code explain} reads an image file. */
final class Inputs {
    private Inputs() {
    }

    /**
     * @param row      the row
     * @param settings where the input is and what it holds
     * @param input    the model's input shape, without batch
     * @param scaling  how pixels become input values
     * @param name     what to call the row in messages
     * @return a batch of one
     * @throws DataFormatException when the column does not hold a readable image (or array of the right size)
     */
    static Tensor read(Row row, Settings settings, Shape input, PixelScaling scaling, String name) {
        if (row.isNullAt(settings.input())) {
            throw new DataFormatException(name + ": the input column is null");
        }
        return switch (settings.kind()) {
            case BINARY -> decoded(row.<byte[]>getAs(settings.input()), input, scaling, name);
            case IMAGE -> Images.of(fromImageSource(row.getStruct(settings.input()), name), input, scaling,
                    Images.Fit.STRETCH, name);
            case ARRAY -> array(row.getList(settings.input()), input, name);
        };
    }

    private static Tensor decoded(byte[] bytes, Shape input, PixelScaling scaling, String name) {
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            throw new DataFormatException(name + ": not a readable image (" + e.getMessage() + ")", e);
        }
        if (image == null) {
            throw new DataFormatException(name + ": not an image (PNG, JPEG, BMP or GIF)");
        }
        return Images.of(image, input, scaling, Images.Fit.STRETCH, name);
    }

    /** Spark's image struct (data: rows of BGR or BGRA bytes, or grey) as an RGB picture. */
    private static BufferedImage fromImageSource(Row image, String name) {
        int height = image.getInt(image.fieldIndex("height"));
        int width = image.getInt(image.fieldIndex("width"));
        int channels = image.getInt(image.fieldIndex("nChannels"));
        byte[] data = image.getAs(image.fieldIndex("data"));
        if (height <= 0 || width <= 0 || (channels != 1 && channels != 3 && channels != 4)
                || data == null || data.length != (long) height * width * channels) {
            throw new DataFormatException(name + ": an image row of " + width + " x " + height + " x " + channels
                    + " holds " + (data == null ? "no" : data.length) + " bytes; the image source failed to read it");
        }
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int at = (y * width + x) * channels;
                int b = data[at] & 0xff;
                int g = channels == 1 ? b : data[at + 1] & 0xff;
                int r = channels == 1 ? b : data[at + 2] & 0xff;
                out.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return out;
    }

    private static Tensor array(java.util.List<Object> values, Shape input, String name) {
        if (values.size() != input.size()) {
            throw new DataFormatException(name + ": " + values.size() + " numbers, but the model's input "
                    + input.toKerasString() + " takes " + input.size());
        }
        float[] v = new float[values.size()];
        for (int i = 0; i < v.length; i++) {
            if (!(values.get(i) instanceof Number n)) {
                throw new DataFormatException(name + ": value " + i + " is " + values.get(i) + ", not a number");
            }
            v[i] = n.floatValue();
        }
        return Tensor.of(input.withBatch(1), v);
    }
}
