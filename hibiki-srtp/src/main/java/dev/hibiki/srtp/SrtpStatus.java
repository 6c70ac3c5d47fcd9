package dev.hibiki.srtp;

/**
 * Failure codes returned (as negative lengths) by {@link SrtpTransformer}'s protect and unprotect methods.
 * A result {@code >= 0} is the new packet length.
 */
public final class SrtpStatus {
    /** The tag did not verify: forged, corrupted, or keyed differently. */
    public static final int AUTH_FAILED = -1;
    /** The packet index was already seen or is older than the 64-packet replay window. */
    public static final int REPLAYED = -2;
    /** Too short, not RTP/RTCP version 2, or a header that runs past the end. */
    public static final int INVALID_PACKET = -3;
    /** The buffer has less room after the packet than the profile's overhead. */
    public static final int NO_ROOM = -4;
    /** A new SSRC would exceed the per-direction stream limit. */
    public static final int TOO_MANY_STREAMS = -5;
    /** The transformer was closed. */
    public static final int CLOSED = -6;
    /** The crypto backend reported an error. */
    public static final int FAILED = -7;

    private SrtpStatus() {
    }

    public static boolean isFailure(int result) {
        return result < 0;
    }

    public static String describe(int result) {
        return switch (result) {
            case AUTH_FAILED -> "authentication failed";
            case REPLAYED -> "replayed or too old";
            case INVALID_PACKET -> "invalid packet";
            case NO_ROOM -> "no room for the tag";
            case TOO_MANY_STREAMS -> "too many SSRCs";
            case CLOSED -> "closed";
            case FAILED -> "crypto failure";
            default -> result >= 0 ? "ok, length " + result : "unknown failure " + result;
        };
    }
}
