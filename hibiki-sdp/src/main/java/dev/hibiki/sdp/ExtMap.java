package dev.hibiki.sdp;

/**
 * {@code a=extmap:<id>[/<direction>] <uri> [<extension attributes>]} (RFC 8285).
 *
 * @param direction  the optional direction after the id, or null when absent
 * @param attributes the optional extension attributes after the URI, or null when absent
 */
public record ExtMap(int id, Direction direction, String uri, String attributes) {

    public ExtMap {
        checkId(id);
        Tokens.requireField(uri, "extmap URI");
        if (attributes != null) {
            Tokens.requireText(attributes, "extmap attributes");
            if (attributes.isEmpty() || !attributes.equals(Tokens.strip(attributes))) {
                throw new IllegalArgumentException("extmap attributes must be non-empty without outer blanks");
            }
        }
    }

    public ExtMap(int id, String uri) {
        this(id, null, uri, null);
    }

    public static ExtMap parse(String value) {
        String[] parts = Tokens.splitFirst(value);
        if (parts.length != 2) throw new IllegalArgumentException("extmap needs '<id> <uri>': '" + value + "'");
        String idPart = parts[0];
        Direction direction = null;
        int slash = idPart.indexOf('/');
        if (slash >= 0) {
            String dir = idPart.substring(slash + 1);
            direction = Direction.fromSdpName(dir)
                    .orElseThrow(() -> new IllegalArgumentException("unknown extmap direction '" + dir + "'"));
            idPart = idPart.substring(0, slash);
        }
        int id = Tokens.parseInt(idPart, 1, 4351, "extmap id");
        String[] rest = Tokens.splitFirst(parts[1]);
        return new ExtMap(id, direction, rest[0], rest.length == 2 ? rest[1] : null);
    }

    public String value() {
        return id + (direction != null ? "/" + direction.sdpName() : "") + " " + uri
                + (attributes != null ? " " + attributes : "");
    }

    public Attribute toAttribute() {
        return new Attribute("extmap", value());
    }

    /** RFC 8285: 1-14 one-byte, up to 255 two-byte, 4096-4351 only for negotiation. */
    private static void checkId(int id) {
        if (id < 1 || (id > 255 && id < 4096) || id > 4351) throw new IllegalArgumentException("extmap id out of range: " + id);
    }
}
