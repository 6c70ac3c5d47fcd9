package dev.hibiki.ice.stun;

/** Composes and splits the 14-bit STUN message type, where class bits are interleaved with the method bits. */
public final class StunMessageType {
    public static final int METHOD_BINDING = 0x001;

    public static final int BINDING_REQUEST = 0x0001;
    public static final int BINDING_INDICATION = 0x0011;
    public static final int BINDING_SUCCESS_RESPONSE = 0x0101;
    public static final int BINDING_ERROR_RESPONSE = 0x0111;

    private StunMessageType() {
    }

    public static int compose(int method, StunClass stunClass) {
        int c = stunClass.bits();
        return (method & 0x000F) | ((method & 0x0070) << 1) | ((method & 0x0F80) << 2)
                | ((c & 0x1) << 4) | ((c & 0x2) << 7);
    }

    public static int method(int messageType) {
        return (messageType & 0x000F) | ((messageType & 0x00E0) >> 1) | ((messageType & 0x3E00) >> 2);
    }
}
