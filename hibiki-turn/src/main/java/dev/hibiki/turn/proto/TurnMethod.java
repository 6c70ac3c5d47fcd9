package dev.hibiki.turn.proto;

import dev.hibiki.ice.stun.StunClass;
import dev.hibiki.ice.stun.StunMessageType;

/** TURN's STUN methods (RFC 8656 section 17) and the message types built from them. */
public final class TurnMethod {
    public static final int ALLOCATE = 0x003;
    public static final int REFRESH = 0x004;
    public static final int SEND = 0x006;
    public static final int DATA = 0x007;
    public static final int CREATE_PERMISSION = 0x008;
    public static final int CHANNEL_BIND = 0x009;

    public static final int SEND_INDICATION = StunMessageType.compose(SEND, StunClass.INDICATION);
    public static final int DATA_INDICATION = StunMessageType.compose(DATA, StunClass.INDICATION);

    private TurnMethod() {
    }

    public static int successResponse(int method) {
        return StunMessageType.compose(method, StunClass.SUCCESS_RESPONSE);
    }

    public static int errorResponse(int method) {
        return StunMessageType.compose(method, StunClass.ERROR_RESPONSE);
    }

    public static int request(int method) {
        return StunMessageType.compose(method, StunClass.REQUEST);
    }
}
