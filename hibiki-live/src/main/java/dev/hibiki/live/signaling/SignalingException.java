package dev.hibiki.live.signaling;

/**
 * A signaling message or situation that ends the connection. Sora closes the WebSocket with 4490 and a
 * human-readable reason for every refusal; SDKs show {@code code} and {@code reason} to the application.
 */
public final class SignalingException extends Exception {

    public static final int REFUSED = 4490;

    private final int closeCode;

    public SignalingException(String reason) {
        this(REFUSED, reason);
    }

    public SignalingException(int closeCode, String reason) {
        super(reason, null, false, false);
        this.closeCode = closeCode;
    }

    public int closeCode() {
        return closeCode;
    }
}
