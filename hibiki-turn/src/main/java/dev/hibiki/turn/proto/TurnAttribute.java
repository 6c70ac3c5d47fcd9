package dev.hibiki.turn.proto;

/** Attribute type codes TURN adds to STUN (RFC 8656 section 18), and which of them this server understands. */
public final class TurnAttribute {
    public static final int CHANNEL_NUMBER = 0x000C;
    public static final int LIFETIME = 0x000D;
    public static final int XOR_PEER_ADDRESS = 0x0012;
    public static final int DATA = 0x0013;
    public static final int XOR_RELAYED_ADDRESS = 0x0016;
    public static final int REQUESTED_ADDRESS_FAMILY = 0x0017;
    public static final int EVEN_PORT = 0x0018;
    public static final int REQUESTED_TRANSPORT = 0x0019;
    public static final int DONT_FRAGMENT = 0x001A;
    public static final int RESERVATION_TOKEN = 0x0022;
    public static final int ADDITIONAL_ADDRESS_FAMILY = 0x8000;

    /** REQUESTED-TRANSPORT's protocol number for UDP, the only relayed transport WebRTC asks for. */
    public static final int TRANSPORT_UDP = 17;
    /** REQUESTED-ADDRESS-FAMILY values. */
    public static final int FAMILY_IPV4 = 0x01;
    public static final int FAMILY_IPV6 = 0x02;

    private TurnAttribute() {
    }

    /**
     * The comprehension-required TURN types this server accepts (the STUN codec reports them as unknown). Not
     * DONT-FRAGMENT: a server that cannot set the DF bit must treat it as unknown (RFC 8656 section 7.2).
     */
    public static boolean isUnderstood(int type) {
        return switch (type) {
            case CHANNEL_NUMBER, LIFETIME, XOR_PEER_ADDRESS, DATA, XOR_RELAYED_ADDRESS, REQUESTED_ADDRESS_FAMILY,
                 EVEN_PORT, REQUESTED_TRANSPORT, RESERVATION_TOKEN -> true;
            default -> false;
        };
    }
}
