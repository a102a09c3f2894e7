package org.saliency4j.image;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A colour map from a published table of 256 sRGB colours, read linearly between entries.
 * <ul>
 *   <li>{@link #VIRIDIS}, for unsigned maps: perceptually uniform and sequential (van der Walt and Smith, 2015;
 *       matplotlib's default);</li>
 *   <li>{@link #COOLWARM}, for signed maps: diverging from blue through a neutral grey to red with lightness
 *       symmetric about the centre (Moreland 2009, "Diverging Color Maps for Scientific Visualization").</li>
 * </ul>
 * The tables are matplotlib's, written by {@code api/src/generate/colormaps.py}.
 */
public enum Colormap {
    /** Dark purple through blue and green to yellow. */
    VIRIDIS("viridis.csv"),
    /** Blue, neutral grey, red. */
    COOLWARM("coolwarm.csv");

    @SuppressWarnings("ImmutableEnumChecker") // private, filled once from the jar, never handed out or changed
    private final float[][] table;

    Colormap(String resource) {
        table = read(resource);
    }

    private static float[][] read(String resource) {
        List<float[]> rows = new ArrayList<>();
        try (InputStream in = Colormap.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the colour table " + resource + " is missing from the jar");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] v = line.split(",", -1);
                rows.add(new float[] {Float.parseFloat(v[0]), Float.parseFloat(v[1]), Float.parseFloat(v[2])});
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the colour table " + resource, e);
        }
        return rows.toArray(new float[0][]);
    }

    /**
     * @param t a position in [0, 1] (clamped)
     * @return the colour there as 0xRRGGBB
     */
    public int rgb(double t) {
        double p = Math.max(0, Math.min(1, t)) * (table.length - 1);
        int i = (int) Math.min(table.length - 2, Math.floor(p));
        double f = p - i;
        int rgb = 0;
        for (int c = 0; c < 3; c++) {
            double v = (1 - f) * table[i][c] + f * table[i + 1][c];
            rgb = rgb << 8 | (int) Math.round(v * 255);
        }
        return rgb;
    }
}
