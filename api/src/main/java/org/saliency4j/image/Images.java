package org.saliency4j.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.saliency4j.DataFormatException;
import org.saliency4j.ShapeMismatchException;
import org.saliency4j.tensor.Shape;
import org.saliency4j.tensor.Tensor;

/**
 * Reads image files into a model's input: PNG, JPEG, BMP and GIF (its first frame), through the JDK's image I/O.
 * The image is centre-cropped to the model's aspect ratio if asked, resized to the model's height and width
 * ({@link Resize}: bilinear when enlarging, an area filter when shrinking), and scaled by a {@link PixelScaling}.
 * A grey image fills every channel of a colour model; a colour image becomes grey for a one-channel model by
 * ITU-R 601 luma (0.299 R + 0.587 G + 0.114 B, as PIL's {@code convert("L")}); an alpha channel is dropped, as
 * Keras' {@code load_img} does.
 */
public final class Images {
    /** How an image of another aspect ratio is fitted to the model's input. */
    public enum Fit {
        /** Resized to the input's height and width, whatever the aspect ratio. */
        STRETCH,
        /** The largest centred region of the input's aspect ratio is cut out, then resized. */
        CENTRE_CROP
    }

    private Images() {
    }

    /**
     * Reads an image file into one model input.
     *
     * @param file    the image
     * @param input   the model's input shape without batch: (height, width, channels) with 1 or 3 channels, or
     *                (height, width)
     * @param scaling how pixels become input values
     * @param fit     how another aspect ratio is fitted
     * @return a batch of one, {@code (1, input...)}
     * @throws NoSuchFileException   when the file does not exist
     * @throws DataFormatException   when it is not an image the JDK can read
     * @throws ShapeMismatchException when the input shape is not an image's
     * @throws IOException           when the file cannot be read
     */
    public static Tensor read(Path file, Shape input, PixelScaling scaling, Fit fit) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "image not found");
        }
        if (Files.isDirectory(file)) {
            throw new DataFormatException(file + ": a folder, not an image file");
        }
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new DataFormatException(file + ": not a readable image (" + e.getMessage() + "); Saliency4J reads "
                    + "PNG, JPEG, BMP and GIF", e);
        }
        if (image == null) {
            throw new DataFormatException(file + ": not an image (PNG, JPEG, BMP or GIF)");
        }
        return of(image, input, scaling, fit, file.toString());
    }

    /**
     * Reads an image file as {@link #read} does, but gives the picture itself, cropped and resized to the input's
     * height and width (in sRGB, unscaled): what the maps of that input are laid over.
     *
     * @param file  the image
     * @param input the model's input shape without batch
     * @param fit   how another aspect ratio is fitted
     * @return the picture at the input's size
     * @throws IOException as {@link #read}
     */
    public static BufferedImage picture(Path file, Shape input, Fit fit) throws IOException {
        Shape rgb = Shape.of(input.dim(0), input.dim(1), 3);
        float[] v = read(file, rgb, PixelScaling.raw(), fit).toArray();
        BufferedImage out = new BufferedImage(input.dim(1), input.dim(0), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < input.dim(0); y++) {
            for (int x = 0; x < input.dim(1); x++) {
                int at = (y * input.dim(1) + x) * 3;
                int rgbValue = 0;
                for (int c = 0; c < 3; c++) {
                    rgbValue = rgbValue << 8 | Math.max(0, Math.min(255, Math.round(v[at + c])));
                }
                out.setRGB(x, y, rgbValue);
            }
        }
        return out;
    }

    /**
     * The image a model's input is: (height, width, channels) as it is, (height, width) as one channel (a grey model
     * that flattens its input, as MNIST networks do).
     *
     * @param who   what needs the image, for the message ("occlusion", "deletion")
     * @param input the model's input shape, without batch
     * @return (height, width, channels)
     * @throws IllegalArgumentException for an input that is not an image, naming its shape
     */
    public static Shape imageShape(String who, Shape input) {
        if (input.rank() == 2) {
            return Shape.of(input.dim(0), input.dim(1), 1);
        }
        if (input.rank() != 3) {
            throw new IllegalArgumentException(who + " needs an image input (height, width[, channels]), not "
                    + input.toKerasString());
        }
        return input;
    }

    /**
     * Turns a decoded image into one model input, as {@link #read} does a file's.
     *
     * @param image   the image
     * @param input   the model's input shape without batch
     * @param scaling how pixels become input values
     * @param fit     how another aspect ratio is fitted
     * @param name    what to call the image in messages
     * @return a batch of one
     */
    public static Tensor of(BufferedImage image, Shape input, PixelScaling scaling, Fit fit, String name) {
        if (input.rank() < 2 || input.rank() > 3 || (input.rank() == 3 && input.dim(2) != 1 && input.dim(2) != 3)) {
            throw new ShapeMismatchException("the model's input " + input.toKerasString() + " is not an image's "
                    + "(height, width) or (height, width, 1 or 3 channels); " + name + " cannot be fed to it");
        }
        int channels = input.rank() == 2 ? 1 : input.dim(2);
        if (!scaling.fits(channels)) {
            throw new IllegalArgumentException("the pixel scaling " + scaling + " is for 3-channel RGB models, and "
                    + "this one has " + channels);
        }
        int x0 = 0;
        int y0 = 0;
        int w = image.getWidth();
        int h = image.getHeight();
        if (fit == Fit.CENTRE_CROP) {
            double want = (double) input.dim(1) / input.dim(0);
            if ((double) w / h > want) {
                int cw = (int) Math.round(h * want);
                x0 = (w - cw) / 2;
                w = cw;
            } else {
                int ch = (int) Math.round(w / want);
                y0 = (h - ch) / 2;
                h = ch;
            }
        }
        double[] pixels = new double[h * w * channels];
        // A grey image's samples are read as they are stored, as PIL reads them: getRGB would convert the JDK's
        // linear grey to sRGB (200 becomes 229).
        boolean grey = image.getColorModel().getNumColorComponents() == 1
                && !(image.getColorModel() instanceof java.awt.image.IndexColorModel);
        int bits = image.getColorModel().getComponentSize(0);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double r;
                double g;
                double b;
                if (grey) {
                    double sample = image.getRaster().getSample(x0 + x, y0 + y, 0);
                    r = bits > 8 ? sample * 255 / ((1 << bits) - 1) : sample;
                    g = r;
                    b = r;
                } else {
                    int rgb = image.getRGB(x0 + x, y0 + y);
                    r = rgb >> 16 & 0xff;
                    g = rgb >> 8 & 0xff;
                    b = rgb & 0xff;
                }
                int at = (y * w + x) * channels;
                if (channels == 1) {
                    pixels[at] = grey ? r : (r * 299 + g * 587 + b * 114) / 1000;
                } else if (scaling.bgr()) {
                    pixels[at] = b;
                    pixels[at + 1] = g;
                    pixels[at + 2] = r;
                } else {
                    pixels[at] = r;
                    pixels[at + 1] = g;
                    pixels[at + 2] = b;
                }
            }
        }
        double[] resized = Resize.image(pixels, h, w, channels, input.dim(0), input.dim(1));
        float[] v = new float[resized.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = scaling.apply(resized[i], i % channels);
        }
        return Tensor.of(input.withBatch(1), v);
    }
}
