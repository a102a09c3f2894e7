package org.saliency4j.examples;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.saliency4j.attribution.Attribution;
import org.saliency4j.attribution.AttributionMethod;
import org.saliency4j.image.Heatmaps;
import org.saliency4j.image.Png;
import org.saliency4j.trust.DeletionInsertion;
import org.saliency4j.trust.SanityCheck;

/**
 * {@code report.html}: one self-contained XHTML page (images inline as PNG, plots as SVG, no script, nothing from the
 * network) with the summary table of methods by metrics, the mean deletion and insertion curves, the sanity check's
 * maps and similarity curves, and each image with every method's overlay and metric values.
 */
final class AssessmentReport {
    /** Whether a larger value of each metric is better, for the table's arrows. */
    private static final Map<String, Boolean> HIGHER_IS_BETTER = Map.of("deletion", false, "insertion", true,
            "mufidelity", true, "average-drop", false, "increase-in-confidence", true, "infidelity", false,
            "max-sensitivity", false);
    private static final String STYLE = "body{font-family:sans-serif;margin:24px;color:#222}"
            + "table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}"
            + "th:first-child,td:first-child{text-align:left}figure{display:inline-block;margin:4px;text-align:center;"
            + "vertical-align:top}figcaption{font-size:12px;max-width:170px}img{width:160px;height:160px;"
            + "image-rendering:pixelated}svg.plot{margin:4px;font-size:11px}.plot-title{font-weight:bold}"
            + "section.image{border-top:1px solid #ddd;padding-top:8px}";

    private AssessmentReport() {
    }

    /**
     * @param title    the model file's name
     * @param inputs   the images
     * @param names    class names, or empty
     * @param results  one result per method
     * @param metrics  the metric columns, in order
     * @return the page
     */
    static byte[] page(String title, List<Explanations.Input> inputs, List<String> names,
                       List<Assessment.MethodResult> results, List<String> metrics) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\"><head><meta charset=\"utf-8\"/>")
                .append("<title>Saliency4J assessment: ").append(Html.escape(title)).append("</title><style>")
                .append(STYLE).append("</style></head><body>");
        h.append("<h1>Assessment of ").append(Html.escape(title)).append("</h1><p>")
                .append(inputs.size()).append(" image(s), ").append(results.size())
                .append(" method(s). Arrows show which way is better. Definitions: docs/trust.md.</p>");
        summary(h, results, metrics);
        curves(h, results);
        sanity(h, inputs, results);
        images(h, inputs, names, results, metrics);
        h.append("</body></html>\n");
        return h.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void summary(StringBuilder h, List<Assessment.MethodResult> results, List<String> metrics) {
        h.append("<h2 id=\"summary\">Summary: mean &#177; standard deviation over the images</h2>")
                .append("<table id=\"summary-table\"><thead><tr><th>method</th>");
        for (String m : metrics) {
            h.append("<th>").append(Html.escape(m)).append(Boolean.TRUE.equals(HIGHER_IS_BETTER.get(m)) ? " &#8593;" : " &#8595;")
                    .append("</th>");
        }
        h.append("</tr></thead><tbody>");
        for (Assessment.MethodResult r : results) {
            h.append("<tr><td>").append(Html.escape(r.method().name())).append("</td>");
            for (String m : metrics) {
                Assessment.Spread s = Assessment.spread(r.metrics(), m);
                h.append("<td>").append(s.undefined() == r.metrics().size() ? "n/a"
                        : String.format(Locale.ROOT, "%.4f &#177; %.4f", s.mean(), s.sd()));
                if (s.undefined() > 0) {
                    h.append(String.format(Locale.ROOT, " (%d not defined)", s.undefined()));
                }
                h.append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</tbody></table>");
    }

    private static void curves(StringBuilder h, List<Assessment.MethodResult> results) {
        if (results.get(0).deletion().isEmpty() && results.get(0).insertion().isEmpty()) {
            return;
        }
        h.append("<h2 id=\"curves\">Deletion and insertion: the target's probability, mean over the images</h2>");
        for (boolean deletion : new boolean[] {true, false}) {
            List<String> names = new ArrayList<>();
            List<double[]> series = new ArrayList<>();
            int points = 0;
            for (Assessment.MethodResult r : results) {
                List<DeletionInsertion.Curve> curves = deletion ? r.deletion() : r.insertion();
                if (curves.isEmpty()) {
                    continue;
                }
                points = curves.get(0).scores().length;
                double[] mean = new double[points];
                for (DeletionInsertion.Curve c : curves) {
                    for (int i = 0; i < points; i++) {
                        mean[i] += c.scores()[i] / curves.size();
                    }
                }
                names.add(r.method().name());
                series.add(mean);
            }
            if (series.isEmpty()) {
                continue;
            }
            List<String> ticks = new ArrayList<>();
            for (int i = 0; i < points; i++) {
                ticks.add(String.format(Locale.ROOT, "%.0f%%", 100.0 * i / (points - 1)));
            }
            h.append(SvgPlot.lines(deletion ? "deletion" : "insertion", "pixels " + (deletion ? "removed" : "put back"),
                    ticks, names, series, 0, 1, false));
        }
    }

    private static void sanity(StringBuilder h, List<Explanations.Input> inputs, List<Assessment.MethodResult> results) {
        if (results.get(0).sanity() == null) {
            return;
        }
        h.append("<h2 id=\"sanity\">Sanity check: maps of the first image as the model's layers are randomised "
                + "(output first), and the similarity to the trained model's maps, mean over the images</h2>")
                .append("<table class=\"sanity-maps\"><tbody>");
        for (Assessment.MethodResult r : results) {
            SanityCheck.Result s = r.checkedSanity();
            h.append("<tr><th>").append(Html.escape(r.method().name())).append("</th>");
            h.append("<td>").append(figure(overlay(inputs.get(0), r.method(), s.original().get(0)), "trained"))
                    .append("</td>");
            for (SanityCheck.Step step : s.steps()) {
                h.append("<td>").append(figure(overlay(inputs.get(0), r.method(), step.maps().get(0)),
                        Html.escape(step.layer()))).append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</tbody></table>");
        for (String measure : SanityCheck.MEASURES) {
            List<String> names = new ArrayList<>();
            List<double[]> series = new ArrayList<>();
            List<String> layers = new ArrayList<>();
            for (Assessment.MethodResult r : results) {
                List<SanityCheck.Step> steps = r.checkedSanity().steps();
                layers = steps.stream().map(SanityCheck.Step::layer).toList();
                names.add(r.method().name());
                series.add(steps.stream().mapToDouble(st -> st.mean().get(measure)).toArray());
            }
            h.append(SvgPlot.lines(measure, "randomised down to layer", layers, names, series,
                    measure.equals("spearman-abs") || measure.equals("ssim") ? 0 : -1, 1, true));
        }
    }

    private static void images(StringBuilder h, List<Explanations.Input> inputs, List<String> names,
                               List<Assessment.MethodResult> results, List<String> metrics) {
        h.append("<h2 id=\"images\">Images</h2>");
        for (int i = 0; i < inputs.size(); i++) {
            Attribution first = results.get(0).maps().get(i);
            String target = names.isEmpty() ? "class " + first.target() : names.get(first.target());
            h.append("<section class=\"image\"><h3>").append(Html.escape(inputs.get(i).file().getFileName().toString()))
                    .append(": ").append(Html.escape(target)).append("</h3>");
            h.append(figure(Png.encode(inputs.get(i).picture()), "image"));
            for (Assessment.MethodResult r : results) {
                StringBuilder caption = new StringBuilder(Html.escape(r.method().name()));
                for (String m : metrics) {
                    Double v = r.metrics().get(i).get(m);
                    caption.append("<br/>").append(Html.escape(m))
                            .append(v == null ? " not defined" : String.format(Locale.ROOT, " %.4f", v));
                }
                h.append(figure(overlay(inputs.get(i), r.method(), r.maps().get(i)), caption.toString()));
            }
            h.append("</section>");
        }
    }

    private static byte[] overlay(Explanations.Input input, AttributionMethod method, Attribution a) {
        BufferedImage o = Heatmaps.overlay(input.picture(), Heatmaps.colour(a.map(), method.signed()),
                Explanations.ALPHA);
        return Png.encode(o);
    }

    /** A figure with an inline PNG; the caption is already escaped. */
    private static String figure(byte[] png, String caption) {
        return "<figure><img src=\"" + Html.pngData(png) + "\" alt=\"" + caption.replaceAll("<[^>]*>", " ")
                + "\"/><figcaption>" + caption + "</figcaption></figure>";
    }

    /**
     * @return the summary: per method, per metric, {"mean", "sd", "undefined"} over the images where the metric is
     *         defined (mean and sd null where it is defined for none), and how many it is not defined for
     */
    static Map<String, Object> summary(List<Assessment.MethodResult> results, List<String> metrics) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Assessment.MethodResult r : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (String metric : metrics) {
                Assessment.Spread s = Assessment.spread(r.metrics(), metric);
                Map<String, @Nullable Object> v = new LinkedHashMap<>();
                v.put("mean", Double.isNaN(s.mean()) ? null : s.mean());
                v.put("sd", Double.isNaN(s.sd()) ? null : s.sd());
                v.put("undefined", s.undefined());
                m.put(metric, v);
            }
            out.put(r.method().name(), m);
        }
        return out;
    }
}
