package org.saliency4j.examples;

import java.util.Base64;

/** Text and images made safe for an XHTML page. */
final class Html {
    private Html() {
    }

    /** @return the text with the five XML special characters escaped */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    /** @return a PNG as an inline {@code data:} address */
    static String pngData(byte[] png) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    }
}
