package org.saliency4j.image;

import java.util.Locale;

/**
 * How 8-bit pixels p (0 to 255, red, green, blue) become model inputs; a model file does not record it. Computed in
 * double and rounded to float once, as numpy's float64 arithmetic followed by Keras' cast.
 * <ul>
 *   <li>{@code 1}: p / 255, in [0, 1] (Keras' usual rescaling);</li>
 *   <li>{@code 255}: p itself;</li>
 *   <li>{@code -1..1}: p / 127.5 - 1 (Keras applications' {@code tf} mode: MobileNet, Inception);</li>
 *   <li>{@code affine:A,B}: p * A + B;</li>
 *   <li>{@code caffe}: the channels in blue, green, red order, each minus the ImageNet mean 103.939, 116.779,
 *       123.68 (Keras applications' {@code caffe} mode: VGG16, ResNet50);</li>
 *   <li>{@code torch}: p / 255, minus the ImageNet mean 0.485, 0.456, 0.406, divided by the standard deviation
 *       0.229, 0.224, 0.225 (Keras applications' {@code torch} mode: DenseNet).</li>
 * </ul>
 * The last two need three channels.
 */
public final class PixelScaling {
    private static final double[] CAFFE_MEAN_BGR = {103.939, 116.779, 123.68};
    private static final double[] TORCH_MEAN = {0.485, 0.456, 0.406};
    private static final double[] TORCH_STD = {0.229, 0.224, 0.225};

    private enum Kind {
        AFFINE, SIGNED, UNIT, CAFFE, TORCH
    }

    private final Kind kind;
    private final double a;
    private final double b;
    private final String text;

    private PixelScaling(Kind kind, double a, double b, String text) {
        this.kind = kind;
        this.a = a;
        this.b = b;
        this.text = text;
    }

    /** @return p / 255 */
    public static PixelScaling unit() {
        return new PixelScaling(Kind.UNIT, 1 / 255.0, 0, "1");
    }

    /** @return p itself */
    public static PixelScaling raw() {
        return new PixelScaling(Kind.AFFINE, 1, 0, "255");
    }

    /** @return p / 127.5 - 1 */
    public static PixelScaling signed() {
        return new PixelScaling(Kind.SIGNED, 1 / 127.5, -1, "-1..1");
    }

    /**
     * @param multiplier A
     * @param offset     B
     * @return p * A + B
     */
    public static PixelScaling affine(double multiplier, double offset) {
        if (!Double.isFinite(multiplier) || !Double.isFinite(offset)) {
            throw new IllegalArgumentException("the pixel scaling affine:" + multiplier + "," + offset + " needs finite "
                    + "numbers A and B");
        }
        return new PixelScaling(Kind.AFFINE, multiplier, offset, "affine:" + multiplier + "," + offset);
    }

    /** @return BGR minus the ImageNet means */
    public static PixelScaling caffe() {
        return new PixelScaling(Kind.CAFFE, 1, 0, "caffe");
    }

    /** @return p / 255 standardised by the ImageNet means and standard deviations */
    public static PixelScaling torch() {
        return new PixelScaling(Kind.TORCH, 1 / 255.0, 0, "torch");
    }

    /**
     * @param text a preset's name: {@code 1}, {@code 255}, {@code -1..1}, {@code affine:A,B}, {@code caffe} or
     *             {@code torch}
     * @return that scaling
     * @throws IllegalArgumentException for anything else, listing the presets
     */
    public static PixelScaling parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        switch (s) {
            case "1" -> {
                return unit();
            }
            case "255" -> {
                return raw();
            }
            case "-1..1" -> {
                return signed();
            }
            case "caffe" -> {
                return caffe();
            }
            case "torch" -> {
                return torch();
            }
            default -> {
                // affine:A,B, below
            }
        }
        if (s.startsWith("affine:")) {
            String[] ab = s.substring(7).split(",", -1);
            try {
                if (ab.length == 2) {
                    double a = Double.parseDouble(ab[0]);
                    double b = Double.parseDouble(ab[1]);
                    if (!Double.isFinite(a) || !Double.isFinite(b)) {
                        throw new IllegalArgumentException("'" + text + "' gives a scaling that is not a finite number ("
                                + a + ", " + b + "); give A and B within +-1.8e308");
                    }
                    return affine(a, b);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a pixel scaling; the presets are 1 (p/255), 255 "
                + "(raw pixels), -1..1 (p/127.5 - 1), affine:A,B (p*A + B), caffe (BGR minus ImageNet means) and torch "
                + "(ImageNet mean and std)");
    }

    /** @return the preset's name, as {@link #parse} takes it */
    public String text() {
        return text;
    }

    /**
     * @param channels the model's input channels
     * @return whether this scaling fits them (caffe and torch need 3)
     */
    public boolean fits(int channels) {
        return (kind != Kind.CAFFE && kind != Kind.TORCH) || channels == 3;
    }

    /**
     * Scales one pixel's channel.
     *
     * @param pixel   the value, 0 to 255 (a resized image's values need not be whole), of the colour that
     *                model channel {@code channel} holds (blue for channel 0 where {@link #bgr()})
     * @param channel the model's input channel it goes to
     * @return the model-input value, rounded to float
     */
    public float apply(double pixel, int channel) {
        return (float) switch (kind) {
            case UNIT -> pixel / 255.0;
            case SIGNED -> pixel / 127.5 - 1;
            case AFFINE -> pixel * a + b;
            case CAFFE -> pixel - CAFFE_MEAN_BGR[channel];
            case TORCH -> (pixel / 255.0 - TORCH_MEAN[channel]) / TORCH_STD[channel];
        };
    }

    /**
     * The scaling as a line: a model-input value is {@code pixel * slope(channel) + offset(channel)} for pixels from 0
     * to 255, in double (what {@link #apply} rounds to float).
     *
     * @param channel the model's input channel
     * @return the slope
     */
    public double slope(int channel) {
        return switch (kind) {
            case UNIT, TORCH -> kind == Kind.UNIT ? 1 / 255.0 : 1 / (255.0 * TORCH_STD[channel]);
            case SIGNED -> 1 / 127.5;
            case AFFINE -> a;
            case CAFFE -> 1;
        };
    }

    /**
     * @param channel the model's input channel
     * @return the offset of {@link #slope}'s line
     */
    public double offset(int channel) {
        return switch (kind) {
            case UNIT -> 0;
            case SIGNED -> -1;
            case AFFINE -> b;
            case CAFFE -> -CAFFE_MEAN_BGR[channel];
            case TORCH -> -TORCH_MEAN[channel] / TORCH_STD[channel];
        };
    }

    /** @return whether the model's channels are in blue, green, red order ({@code caffe}) */
    public boolean bgr() {
        return kind == Kind.CAFFE;
    }

    @Override
    public String toString() {
        return text;
    }
}
