package dev.hibiki.sdp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code a=rid:<id> <send|recv> [<restrictions>]} (RFC 8851), such as {@code r0 recv} or
 * {@code r1 send pt=96;max-width=640}.
 *
 * @param restrictions the restrictions as written, or the empty string
 */
public record Rid(String id, Rid.Direction direction, String restrictions) {

    /** A rid's direction, seen from the side that wrote it. */
    public enum Direction {
        SEND, RECV;

        public String sdpName() {
            return this == SEND ? "send" : "recv";
        }
    }

    public Rid {
        checkId(id);
        if (direction == null) throw new IllegalArgumentException("rid direction is required");
        Tokens.requireText(restrictions, "rid restrictions");
        if (!restrictions.equals(Tokens.strip(restrictions))) {
            throw new IllegalArgumentException("rid restrictions have outer blanks");
        }
    }

    public Rid(String id, Rid.Direction direction) {
        this(id, direction, "");
    }

    public static Rid parse(String value) {
        String[] parts = Tokens.splitFirst(value);
        if (parts.length != 2) throw new IllegalArgumentException("rid needs '<id> <send|recv>': '" + value + "'");
        String[] rest = Tokens.splitFirst(parts[1]);
        Direction dir = switch (rest[0]) {
            case "send" -> Direction.SEND;
            case "recv" -> Direction.RECV;
            default -> throw new IllegalArgumentException("rid direction must be send or recv: '" + rest[0] + "'");
        };
        Rid rid = new Rid(parts[0], dir, rest.length == 2 ? rest[1] : "");
        rid.payloadTypes(); // rejects a malformed pt= list now rather than at first use
        return rid;
    }

    /** The restrictions as a map ({@code max-width} → {@code 640}); {@code pt} is included as written. */
    public Map<String, String> restrictionMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (String part : restrictions.split(";")) {
            String p = Tokens.strip(part);
            if (p.isEmpty()) continue;
            int eq = p.indexOf('=');
            if (eq < 0) map.put(p, "");
            else map.put(p.substring(0, eq), p.substring(eq + 1));
        }
        return Collections.unmodifiableMap(map);
    }

    /** The payload types this rid is restricted to ({@code pt=}), empty when not restricted. */
    public List<Integer> payloadTypes() {
        String pts = restrictionMap().get("pt");
        if (pts == null) return List.of();
        List<Integer> out = new ArrayList<>();
        for (String pt : pts.split(",", -1)) out.add(Tokens.parseInt(Tokens.strip(pt), 0, 127, "rid pt"));
        return List.copyOf(out);
    }

    public String value() {
        return id + " " + direction.sdpName() + (restrictions.isEmpty() ? "" : " " + restrictions);
    }

    public Attribute toAttribute() {
        return new Attribute("rid", value());
    }

    static void checkId(String id) {
        if (id == null || id.isEmpty() || id.length() > 255) {
            throw new IllegalArgumentException("rid id must be 1-255 characters");
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) throw new IllegalArgumentException("rid id has an invalid character: '" + id + "'");
        }
    }
}
