package dev.hibiki.ice.stun;

/** ERROR-CODE values used by ICE (RFC 8489 section 14.8, RFC 8445 section 7.3.1.1). */
public final class StunErrorCode {
    public static final int BAD_REQUEST = 400;
    public static final int UNAUTHORIZED = 401;
    public static final int UNKNOWN_ATTRIBUTE = 420;
    public static final int ROLE_CONFLICT = 487;
    public static final int SERVER_ERROR = 500;

    private StunErrorCode() {
    }

    /** The reason phrase the RFCs suggest, or "Error" for codes without one. */
    public static String reasonPhrase(int code) {
        return switch (code) {
            case BAD_REQUEST -> "Bad Request";
            case UNAUTHORIZED -> "Unauthorized";
            case UNKNOWN_ATTRIBUTE -> "Unknown Attribute";
            case ROLE_CONFLICT -> "Role Conflict";
            case SERVER_ERROR -> "Server Error";
            default -> "Error";
        };
    }
}
