package dev.hibiki.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads SDP text. Accepts CRLF or LF line ends and blank lines at the very end; everything else must be a
 * well-formed {@code <type>=<value>} line in the right part of the description. Unknown attributes are kept in
 * order. Any failure is an {@link SdpParseException} with the line number; nothing else escapes.
 */
final class SdpParser {

    /** Far above what a browser writes for dozens of tracks; bounds the work done on hostile input. */
    static final int MAX_LENGTH = 1 << 20;

    private SdpParser() {
    }

    static SessionDescription parse(String sdp) throws SdpParseException {
        if (sdp == null) throw new SdpParseException(0, "no SDP text");
        if (sdp.length() > MAX_LENGTH) throw new SdpParseException(0, "SDP longer than " + MAX_LENGTH + " characters");
        List<String> lines = splitLines(sdp);
        if (lines.isEmpty()) throw new SdpParseException(0, "empty SDP");
        try {
            return new SdpParser.State(lines).parse();
        } catch (IllegalArgumentException | IllegalStateException e) {
            // The state reports its own line numbers; anything reaching here is a model invariant without one.
            throw new SdpParseException(0, e.getMessage());
        }
    }

    private static List<String> splitLines(String sdp) {
        List<String> lines = new ArrayList<>();
        int pos = 0;
        int n = sdp.length();
        while (pos < n) {
            int nl = sdp.indexOf('\n', pos);
            int end = nl < 0 ? n : nl;
            int stop = end > pos && sdp.charAt(end - 1) == '\r' ? end - 1 : end;
            lines.add(sdp.substring(pos, stop));
            pos = end + 1;
        }
        int last = lines.size();
        while (last > 0 && lines.get(last - 1).isEmpty()) last--;
        return new ArrayList<>(lines.subList(0, last));
    }

    private static final class State {
        private final List<String> lines;
        private int lineNo;

        private Origin origin;
        private String sessionName;
        private Connection connection;
        private final List<Bandwidth> bandwidths = new ArrayList<>();
        private final List<Timing> timings = new ArrayList<>();
        private final List<SdpLine> otherLines = new ArrayList<>();
        private final List<Attribute> attributes = new ArrayList<>();
        private final List<MediaDescription> media = new ArrayList<>();
        private MediaState current;

        State(List<String> lines) {
            this.lines = lines;
        }

        SessionDescription parse() throws SdpParseException {
            for (int i = 0; i < lines.size(); i++) {
                lineNo = i + 1;
                String line = lines.get(i);
                char type = lineType(line);
                String value = line.substring(2);
                switch (i) {
                    case 0 -> expectVersion(type, value);
                    case 1 -> origin = parseOrigin(type, value);
                    case 2 -> sessionName = parseSessionName(type, value);
                    default -> {
                        if (current == null) sessionLine(type, value);
                        else mediaLine(type, value);
                    }
                }
            }
            if (lines.size() < 3) {
                lineNo = lines.size() + 1;
                throw fail("description ends before " + (lines.size() == 1 ? "o=" : "s="));
            }
            finishMedia();
            return new SessionDescription(0, origin, sessionName, connection, bandwidths, timings, otherLines,
                    attributes, media);
        }

        private char lineType(String line) throws SdpParseException {
            if (line.isEmpty()) throw fail("empty line");
            if (line.length() < 2 || line.charAt(1) != '=') throw fail("expected '<type>=<value>'");
            char type = line.charAt(0);
            if (type < 'a' || type > 'z') throw fail("line type must be a lowercase letter: '" + printable(type) + "'");
            for (int i = 2; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '\r') throw fail("carriage return inside a line");
                if (c == 0) throw fail("NUL character");
            }
            return type;
        }

        private void expectVersion(char type, String value) throws SdpParseException {
            if (type != 'v') throw fail("SDP must start with v=");
            if (!value.equals("0")) throw fail("unsupported SDP version '" + value + "'");
        }

        private Origin parseOrigin(char type, String value) throws SdpParseException {
            if (type != 'o') throw fail("expected o= after v=");
            try {
                return Origin.parse(value);
            } catch (IllegalArgumentException e) {
                throw fail("bad o= line: " + e.getMessage());
            }
        }

        private String parseSessionName(char type, String value) throws SdpParseException {
            if (type != 's') throw fail("expected s= after o=");
            return value;
        }

        private void sessionLine(char type, String value) throws SdpParseException {
            try {
                switch (type) {
                    case 'c' -> {
                        if (connection != null) throw fail("second session-level c= line");
                        connection = Connection.parse(value);
                    }
                    case 'b' -> bandwidths.add(Bandwidth.parse(value));
                    case 't' -> timings.add(Timing.parse(value));
                    case 'a' -> attributes.add(attribute(value));
                    case 'm' -> current = startMedia(value);
                    case 'i', 'u', 'e', 'p', 'r', 'z', 'k' -> otherLines.add(new SdpLine(type, value));
                    case 'v', 'o', 's' -> throw fail("'" + type + "=' may appear only once, at the start");
                    default -> throw fail("unknown line type '" + type + "'");
                }
            } catch (IllegalArgumentException e) {
                throw fail("bad " + type + "= line: " + e.getMessage());
            }
        }

        private void mediaLine(char type, String value) throws SdpParseException {
            try {
                switch (type) {
                    case 'c' -> {
                        if (current.connection != null) throw fail("second c= line in a media section");
                        current.connection = Connection.parse(value);
                    }
                    case 'b' -> current.bandwidths.add(Bandwidth.parse(value));
                    case 'a' -> current.attributes.add(attribute(value));
                    case 'i', 'k' -> current.otherLines.add(new SdpLine(type, value));
                    case 'm' -> {
                        finishMedia();
                        current = startMedia(value);
                    }
                    case 'v', 'o', 's', 'u', 'e', 'p', 't', 'r', 'z' ->
                            throw fail("'" + type + "=' is not allowed in a media section");
                    default -> throw fail("unknown line type '" + type + "'");
                }
            } catch (IllegalArgumentException e) {
                throw fail("bad " + type + "= line: " + e.getMessage());
            }
        }

        private MediaState startMedia(String value) throws SdpParseException {
            List<String> f = Tokens.splitWhitespace(value);
            if (f.size() < 4) throw fail("m= needs '<media> <port> <proto> <fmt>...'");
            MediaState m = new MediaState();
            m.lineNo = lineNo;
            m.media = Tokens.requireToken(f.get(0), "media type");
            String port = f.get(1);
            int slash = port.indexOf('/');
            if (slash >= 0) {
                m.portCount = Tokens.parseInt(port.substring(slash + 1), 1, 65535, "port count");
                port = port.substring(0, slash);
            }
            m.port = Tokens.parseInt(port, 0, 65535, "port");
            m.proto = f.get(2);
            m.formats = f.subList(3, f.size());
            return m;
        }

        private void finishMedia() throws SdpParseException {
            if (current == null) return;
            MediaState m = current;
            try {
                media.add(new MediaDescription(m.media, m.port, m.portCount, m.proto, m.formats, m.connection,
                        m.bandwidths, m.otherLines, m.attributes));
            } catch (IllegalArgumentException e) {
                throw new SdpParseException(m.lineNo, "bad media section: " + e.getMessage());
            }
            current = null;
        }

        private Attribute attribute(String value) {
            int colon = value.indexOf(':');
            if (colon < 0) return Attribute.flag(value);
            return new Attribute(value.substring(0, colon), value.substring(colon + 1));
        }

        private SdpParseException fail(String reason) {
            return new SdpParseException(lineNo, reason);
        }

        private static String printable(char c) {
            return c >= 0x20 && c < 0x7F ? Character.toString(c) : String.format("\\u%04x", (int) c);
        }
    }

    private static final class MediaState {
        int lineNo;
        String media;
        int port;
        Integer portCount;
        String proto;
        List<String> formats;
        Connection connection;
        final List<Bandwidth> bandwidths = new ArrayList<>();
        final List<SdpLine> otherLines = new ArrayList<>();
        final List<Attribute> attributes = new ArrayList<>();
    }
}
