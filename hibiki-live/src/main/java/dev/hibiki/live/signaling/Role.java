package dev.hibiki.live.signaling;

/** What a signaling connection does with media, with the legacy names old SDKs still send. */
public enum Role {
    SENDRECV("sendrecv"), SENDONLY("sendonly"), RECVONLY("recvonly");

    private final String wire;

    Role(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public boolean sends() {
        return this != RECVONLY;
    }

    public boolean receives() {
        return this != SENDONLY;
    }

    /** @return null for an unknown role */
    public static Role fromWire(String value) {
        if (value == null) return null;
        return switch (value) {
            case "sendrecv" -> SENDRECV;
            case "sendonly", "upstream" -> SENDONLY;
            case "recvonly", "downstream" -> RECVONLY;
            default -> null;
        };
    }
}
