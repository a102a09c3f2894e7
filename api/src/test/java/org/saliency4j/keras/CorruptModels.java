package org.saliency4j.keras;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Our generator of damaged and hostile model files, for the fuzz test: from a few well-formed seeds (a Keras 2 HDF5
 * file, a Keras 3 legacy HDF5 file and a Keras 3 {@code .keras} archive, all written at test time, plus real files
 * where the caller adds them) it makes each case from {@code (seed, index)} alone, so any failure can be made again
 * from its name. Kinds of damage: bit flips anywhere and in the headers, truncation, overwritten and deleted blocks;
 * for HDF5, same-length edits of the {@code model_config} text; for archives, hostile {@code config.json} with a valid
 * CRC, forged sizes, deflate bombs, missing entries and swapped weights.
 */
final class CorruptModels {
    /** One case: a name that says how it was made, and the bytes. */
    record Case(String name, String suffix, byte[] bytes) {
    }

    /** A well-formed file to damage. */
    record Seed(String name, String suffix, byte[] bytes) {
        boolean isArchive() {
            return suffix.equals(".keras");
        }
    }

    private static final List<String> HOSTILE_VALUES = List.of("1e308", "-1", "0", "NaN", "Infinity", "2147483648",
            "null", "\"x\"", "[]", "{}", "[null, 100000, 100000, 3]", "true", "-0.5", "[[[[[[]]]]]]");

    private final List<Seed> seeds;
    private final long seed;

    CorruptModels(List<Seed> seeds, long seed) {
        this.seeds = List.copyOf(seeds);
        this.seed = seed;
    }

    /** The generated seeds: a Keras 2 HDF5 file, a Keras 3 legacy HDF5 file and a {@code .keras} archive. */
    static List<Seed> generatedSeeds(Path dir) {
        String conv = "\"name\": \"conv\", \"batch_input_shape\": [null, 6, 6, 2], \"filters\": 3, \"kernel_size\": [3, 3], "
                + "\"strides\": [1, 1], \"padding\": \"valid\", \"data_format\": \"channels_last\", \"dilation_rate\": "
                + "[1, 1], \"activation\": \"relu\", \"use_bias\": true";
        float[][][][] kernel = new float[3][3][2][3];
        for (float[][][] a : kernel) {
            for (float[][] b : a) {
                for (float[] c : b) {
                    Arrays.fill(c, 0.25f);
                }
            }
        }
        float[][] dense = new float[48][2];
        for (float[] row : dense) {
            Arrays.fill(row, -0.5f);
        }
        Function<String[], KerasFile> file = names -> new KerasFile()
                .layer("Conv2D", conv, weights(names[0], kernel, names[1], new float[] {1, 2, 3}))
                .layer("MaxPooling2D", "\"name\": \"pool\", \"pool_size\": [2, 2], \"padding\": \"same\", "
                        + "\"strides\": [1, 1], \"data_format\": \"channels_last\"", Map.of())
                .layer("Flatten", "\"name\": \"flatten\", \"data_format\": \"channels_last\"", Map.of())
                .layer("Dense", "\"name\": \"out\", \"units\": 2, \"activation\": \"softmax\", \"use_bias\": true",
                        weights(names[2], dense, names[3], new float[] {0, 1}));
        try {
            byte[] keras2 = Files.readAllBytes(file.apply(new String[] {"conv/kernel:0", "conv/bias:0", "out/kernel:0",
                    "out/bias:0"}).write(dir.resolve("seed-keras2.h5"), true));
            // Keras 3.1's legacy HDF5 layout: weights directly in the layer's group, without ":0".
            byte[] keras3 = Files.readAllBytes(file.apply(new String[] {"kernel", "bias", "kernel", "bias"})
                    .write(dir.resolve("seed-keras3.h5"), true));
            byte[] archive = KerasArchive.zip(KerasArchive.CONFIG, KerasArchive.weights(dir, 1f), false);
            return List.of(new Seed("keras2", ".h5", keras2), new Seed("keras3-legacy", ".h5", keras3),
                    new Seed("archive", ".keras", archive));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, Object> weights(String k, Object kv, String b, Object bv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k, kv);
        m.put(b, bv);
        return m;
    }

    /** @return case number {@code index}, made from this generator's seed and the index alone */
    Case make(int index) {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + index);
        Seed s = seeds.get(index % seeds.size());
        // Kinds in turn, so that every kind is made however few the cases; what each damages is random.
        int kinds = s.isArchive() ? 12 : 8;
        int round = index / seeds.size();
        int kind = round % kinds;
        int variant = round / kinds;
        byte[] b = s.bytes().clone();
        String how;
        switch (kind) {
            case 0, 1 -> how = flipBits(b, r, 0, b.length, 1 + r.nextInt(8));
            case 2 -> how = flipBits(b, r, 0, Math.min(b.length, s.isArchive() ? b.length : 2048), 1 + r.nextInt(4));
            case 3 -> {
                int at = r.nextInt(b.length);
                b = Arrays.copyOf(b, at);
                how = "truncated to " + at;
            }
            case 4 -> how = overwrite(b, r);
            case 5 -> {
                int at = r.nextInt(b.length);
                int n = 1 + r.nextInt(Math.min(64, b.length - at));
                byte[] cut = new byte[b.length - n];
                System.arraycopy(b, 0, cut, 0, at);
                System.arraycopy(b, at + n, cut, at, b.length - at - n);
                b = cut;
                how = "deleted " + n + " at " + at;
            }
            default -> {
                if (!s.isArchive()) {
                    how = editConfigText(b, r);
                } else {
                    Object[] made = hostileArchive(s, r, kind, variant);
                    b = (byte[]) made[0];
                    how = (String) made[1];
                }
            }
        }
        return new Case(String.format("case %d (seed %d, %s, %s)", index, seed, s.name(), how), s.suffix(), b);
    }

    private static String flipBits(byte[] b, SplittableRandom r, int from, int to, int n) {
        StringBuilder where = new StringBuilder("flipped");
        for (int k = 0; k < n; k++) {
            int at = from + r.nextInt(to - from);
            int bit = r.nextInt(8);
            b[at] ^= (byte) (1 << bit);
            where.append(' ').append(at).append(':').append(bit);
        }
        return where.toString();
    }

    private static String overwrite(byte[] b, SplittableRandom r) {
        int at = r.nextInt(b.length);
        int n = 1 + r.nextInt(Math.min(64, b.length - at));
        byte fill = (byte) (r.nextBoolean() ? 0 : 0xff);
        Arrays.fill(b, at, at + n, fill);
        return "overwrote " + n + " at " + at + " with " + (fill & 0xff);
    }

    /** Same-length edits inside the model_config attribute's JSON text, so the file's structure stays intact. */
    private static String editConfigText(byte[] b, SplittableRandom r) {
        byte[] start = "{\"class_name\"".getBytes(StandardCharsets.US_ASCII);
        int from = indexOf(b, start);
        if (from < 0) {
            return flipBits(b, r, 0, b.length, 1);
        }
        int to = from;
        while (to < b.length && b[to] != 0) {
            to++;
        }
        int n = 1 + r.nextInt(6);
        StringBuilder how = new StringBuilder("config text");
        String alphabet = "0123456789{}[]\",:-.e xN";
        for (int k = 0; k < n; k++) {
            int at = from + r.nextInt(to - from);
            char c = alphabet.charAt(r.nextInt(alphabet.length()));
            b[at] = (byte) c;
            how.append(' ').append(at).append('=').append(c);
        }
        return how.toString();
    }

    /** An archive rebuilt with valid CRCs around one hostile change. */
    private Object[] hostileArchive(Seed s, SplittableRandom r, int kind, int variant) {
        byte[] weights = KerasArchiveParts.entry(s.bytes(), "model.weights.h5");
        String config = new String(KerasArchiveParts.entry(s.bytes(), "config.json"), StandardCharsets.UTF_8);
        switch (kind) {
            case 8 -> {
                // A hostile value for a random key of the configuration.
                List<int[]> numbers = new ArrayList<>();
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?<=: )(-?[0-9][0-9.e-]*|\\[[^\\[\\]]*\\]|\"[a-z_]*\"|null|true|false)")
                        .matcher(config);
                while (m.find()) {
                    numbers.add(new int[] {m.start(), m.end()});
                }
                int[] at = numbers.get(r.nextInt(numbers.size()));
                String value = HOSTILE_VALUES.get(r.nextInt(HOSTILE_VALUES.size()));
                String edited = config.substring(0, at[0]) + value + config.substring(at[1]);
                return new Object[] {KerasArchive.zip(edited, weights, false),
                        "config value '" + config.substring(at[0], at[1]) + "' -> " + value};
            }
            case 9 -> {
                int depth = 100 + r.nextInt(20_000);
                String edited = config.replaceFirst("\"layers\": \\[", "\"deep\": " + "[".repeat(depth) + "]".repeat(depth)
                        + ", \"layers\": [");
                return new Object[] {KerasArchive.zip(edited, weights, false), "config nested " + depth + " deep"};
            }
            case 10 -> {
                int choice = variant % 4;
                if (choice == 0) {
                    // 16 MiB of zeros: a small deflate bomb, ratio about 1,000.
                    return new Object[] {KerasArchive.zip(config, new byte[16 << 20], true), "deflate bomb"};
                }
                if (choice == 1) {
                    byte[] zip = KerasArchive.zip(config, weights, r.nextBoolean());
                    int central = KerasArchive.centralRecord(zip, r.nextBoolean() ? "model.weights.h5" : "config.json");
                    long forged = r.nextBoolean() ? 1 + r.nextInt(1000) : 0xFFFF_FFF0L;
                    KerasArchive.putU32(zip, central + (r.nextBoolean() ? 24 : 20), forged);
                    return new Object[] {zip, "forged size " + forged};
                }
                if (choice == 2) {
                    byte[] random = new byte[weights.length];
                    r.nextBytes(random);
                    System.arraycopy(weights, 0, random, 0, Math.min(8, weights.length));
                    return new Object[] {KerasArchive.zip(config, random, false), "random weights after the signature"};
                }
                return new Object[] {KerasArchive.zip(config, Arrays.copyOf(weights, r.nextInt(weights.length)), false),
                        "weights file cut, CRC valid"};
            }
            default -> {
                int choice = variant % 3;
                if (choice == 0) {
                    return new Object[] {KerasArchiveParts.without(s.bytes(), r.nextBoolean() ? "config.json"
                            : "model.weights.h5"), "entry missing"};
                }
                if (choice == 1) {
                    byte[] other = seeds.get(0).bytes();
                    return new Object[] {KerasArchive.zip(config, other, false), "weights of another model"};
                }
                byte[] junk = new byte[r.nextInt(4096)];
                r.nextBytes(junk);
                return new Object[] {KerasArchive.zip(new String(junk, StandardCharsets.ISO_8859_1), weights, false),
                        "config.json of random bytes"};
            }
        }
    }

    private static int indexOf(byte[] b, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= b.length; i++) {
            for (int k = 0; k < pattern.length; k++) {
                if (b[i + k] != pattern[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
