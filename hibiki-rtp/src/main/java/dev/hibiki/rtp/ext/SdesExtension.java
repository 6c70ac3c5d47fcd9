package dev.hibiki.rtp.ext;

import dev.hibiki.rtp.RtpPacket;
import java.nio.charset.StandardCharsets;

/**
 * SDES items carried as header extensions (RFC 7941): MID (RFC 9143), RtpStreamId and RepairedRtpStreamId
 * (RFC 8852). The value is the item text, UTF-8, without a terminator; trailing zero bytes some senders add
 * are ignored.
 */
public final class SdesExtension {
    public static final String MID_URI = "urn:ietf:params:rtp-hdrext:sdes:mid";
    public static final String RTP_STREAM_ID_URI = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    public static final String REPAIRED_RTP_STREAM_ID_URI = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

    private SdesExtension() {}

    /** The value as a string, or null when absent or empty. Allocates; prefer {@link #matches} per packet. */
    public static String read(RtpPacket packet, int id) {
        long at = HeaderExtensions.locate(packet, id);
        if (at < 0) {
            return null;
        }
        int off = HeaderExtensions.offset(at);
        int len = trimmedLength(packet.buffer(), off, HeaderExtensions.length(at));
        return len == 0 ? null : new String(packet.buffer(), off, len, StandardCharsets.UTF_8);
    }

    /** True when the element with {@code id} holds exactly {@code value} (UTF-8 bytes); no allocation. */
    public static boolean matches(RtpPacket packet, int id, byte[] value) {
        long at = HeaderExtensions.locate(packet, id);
        if (at < 0) {
            return false;
        }
        byte[] b = packet.buffer();
        int off = HeaderExtensions.offset(at);
        int len = trimmedLength(b, off, HeaderExtensions.length(at));
        return len == value.length && java.util.Arrays.equals(b, off, off + len, value, 0, len);
    }

    private static int trimmedLength(byte[] b, int off, int len) {
        while (len > 0 && b[off + len - 1] == 0) {
            len--;
        }
        return len;
    }
}
