package dev.hibiki.ice.stun;

/** The class bits of a STUN message type (RFC 8489 section 5). */
public enum StunClass {
    REQUEST,
    INDICATION,
    SUCCESS_RESPONSE,
    ERROR_RESPONSE;

    private static final StunClass[] BY_BITS = values();

    /** Class of a 14-bit message type: bits C1 (0x0100) and C0 (0x0010). */
    public static StunClass of(int messageType) {
        return BY_BITS[((messageType >> 7) & 0x2) | ((messageType >> 4) & 0x1)];
    }

    int bits() {
        return ordinal();
    }
}
