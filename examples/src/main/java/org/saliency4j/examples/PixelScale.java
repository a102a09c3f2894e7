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

    static PixelScale parse(String option) {
        String s = option.trim().toLowerCase(Locale.ROOT);
        switch (s) {
            case "1":
                return UNIT;
            case "255":
                return new PixelScale(1, 0, s);
            case "-1..1":
                return new PixelScale(1 / 127.5, -1, s);
            default:
                break;
        }
        if (s.startsWith("affine:")) {
            String[] ab = s.substring(7).split(",");
            try {
                if (ab.length == 2) {
                    return new PixelScale(Double.parseDouble(ab[0]), Double.parseDouble(ab[1]), s);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new Options.UsageException("--scale takes 1 (p/255), 255 (raw pixels), -1..1 (p/127.5 - 1) or "
                + "affine:A,B (p*A + B), not '" + option + "'");
    }

    float apply(int pixel) {
        return text.equals("1") ? (float) (pixel / 255.0)
                : text.equals("-1..1") ? (float) (pixel / 127.5 - 1) : (float) (pixel * multiplier + offset);
    }
}
