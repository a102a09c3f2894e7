package org.saliency4j.examples;

import java.util.Locale;

/**
 * How 8-bit pixels become model inputs; model files do not record it (MANIFEST.md lists the right one per zoo
 * model). {@code 1}: {@code p / 255} (the default, Keras' usual); {@code 255}: raw {@code p};
 * {@code -1..1}: {@code p / 127.5 - 1}; {@code affine:A,B}: {@code p * A + B}. Computed in double and rounded to
 * float32 once, as numpy's float64 division followed by Keras' cast.
 *
 * @param multiplier A
 * @param offset     B
 * @param text       the option as given
 */
record PixelScale(double multiplier, double offset, String text) {
    static final PixelScale UNIT = new PixelScale(1 / 255.0, 0, "1");
    /** {@code --scale}'s help, a line per preset (annotations take constants only, hence five names). */
    static final String HELP = "how 8-bit pixels p become model inputs (a model file does not say; docs/models.md "
            + "lists it per zoo model):";
    static final String HELP_UNIT = "  1           p/255, in [0, 1] (the default)";
    static final String HELP_RAW = "  255         p itself, in [0, 255] (raw pixels)";
    static final String HELP_SIGNED = "  -1..1       p/127.5 - 1, in [-1, 1] (MobileNet, Inception)";
    static final String HELP_AFFINE = "  affine:A,B  p*A + B";

    /** Converts {@code --scale}'s value; a wrong one is a usage error that lists the presets. */
    static final class Converter implements picocli.CommandLine.ITypeConverter<PixelScale> {
        @Override
        public PixelScale convert(String value) {
            return parse(value);
        }
    }

    /** @return every preset other than this one, as {@code --scale} values, for advice */
    java.util.List<String> others() {
        return java.util.stream.Stream.of("1", "255", "-1..1").filter(p -> !p.equals(text)).toList();
    }

    static PixelScale parse(String option) {
        String s = option.trim().toLowerCase(Locale.ROOT);
        switch (s) {
            case "1" -> {
                return UNIT;
            }
            case "255" -> {
                return new PixelScale(1, 0, s);
            }
            case "-1..1" -> {
                return new PixelScale(1 / 127.5, -1, s);
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
                        throw new picocli.CommandLine.TypeConversionException("'" + option + "' gives a scaling that "
                                + "is not a finite number (" + a + ", " + b + "); give A and B within +-1.8e308");
                    }
                    return new PixelScale(a, b, s);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new picocli.CommandLine.TypeConversionException("'" + option + "' is not a pixel scaling; --scale "
                + "takes 1 (p/255), 255 (raw pixels), -1..1 (p/127.5 - 1) or affine:A,B (p*A + B)");
    }

    float apply(int pixel) {
        return text.equals("1") ? (float) (pixel / 255.0)
                : text.equals("-1..1") ? (float) (pixel / 127.5 - 1) : (float) (pixel * multiplier + offset);
    }
}
