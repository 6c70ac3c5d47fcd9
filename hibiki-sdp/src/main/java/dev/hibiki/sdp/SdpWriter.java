package dev.hibiki.sdp;

/** Writes a description in RFC 8866 line order with CRLF line ends. */
final class SdpWriter {

    private static final String CRLF = "\r\n";

    private SdpWriter() {
    }

    static String write(SessionDescription sd) {
        StringBuilder sb = new StringBuilder(1024 + 2048 * sd.media().size());
        line(sb, "v=" + sd.version());
        line(sb, "o=" + sd.origin().value());
        line(sb, "s=" + sd.sessionName());
        for (SdpLine l : sd.otherLines()) if (l.beforeConnection()) line(sb, l.line());
        if (sd.connection() != null) line(sb, "c=" + sd.connection().value());
        for (Bandwidth b : sd.bandwidths()) line(sb, "b=" + b.lineValue());
        for (Timing t : sd.timings()) line(sb, "t=" + t.value());
        for (SdpLine l : sd.otherLines()) if (!l.beforeConnection()) line(sb, l.line());
        for (Attribute a : sd.attributes()) line(sb, a.line());
        for (MediaDescription m : sd.media()) writeMedia(sb, m);
        return sb.toString();
    }

    private static void writeMedia(StringBuilder sb, MediaDescription m) {
        sb.append("m=").append(m.media()).append(' ').append(m.port());
        if (m.portCount() != null) sb.append('/').append(m.portCount());
        sb.append(' ').append(m.proto());
        for (String f : m.formats()) sb.append(' ').append(f);
        sb.append(CRLF);
        for (SdpLine l : m.otherLines()) if (l.beforeConnection()) line(sb, l.line());
        if (m.connection() != null) line(sb, "c=" + m.connection().value());
        for (Bandwidth b : m.bandwidths()) line(sb, "b=" + b.lineValue());
        for (SdpLine l : m.otherLines()) if (!l.beforeConnection()) line(sb, l.line());
        for (Attribute a : m.attributes()) line(sb, a.line());
    }

    private static void line(StringBuilder sb, String line) {
        sb.append(line).append(CRLF);
    }
}
