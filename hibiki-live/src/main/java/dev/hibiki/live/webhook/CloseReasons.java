package dev.hibiki.live.webhook;

import java.nio.charset.StandardCharsets;

/** WebSocket close reasons are limited to 123 bytes of UTF-8 (RFC 6455 5.5). */
public final class CloseReasons {

    public static final int MAX_BYTES = 123;

    private CloseReasons() {
    }

    /** The longest prefix of {@code reason} that fits, cut on a character boundary. */
    public static String fit(String reason) {
        if (reason.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) return reason;
        StringBuilder out = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < reason.length(); ) {
            int cp = reason.codePointAt(i);
            int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + n > MAX_BYTES) break;
            out.appendCodePoint(cp);
            bytes += n;
            i += Character.charCount(cp);
        }
        return out.toString();
    }
}
