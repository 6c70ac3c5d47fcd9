package dev.hibiki.dtls;

/** Which side of the DTLS handshake Hibiki plays on a connection (RFC 5763 §5). */
public enum DtlsRole {
    /** Hibiki sends the ClientHello ({@code a=setup:active} on our side). */
    CLIENT,
    /** Hibiki waits for the ClientHello ({@code a=setup:passive} on our side). */
    SERVER;

    /**
     * Our role from the remote description's {@code a=setup} value: a remote {@code active} makes us the
     * server, {@code passive} the client; {@code actpass} (we answered an offer) makes us the client, as
     * RFC 5763 §5 asks of answerers.
     *
     * @throws IllegalArgumentException for {@code holdconn} or unknown values
     */
    public static DtlsRole fromRemoteSetup(String remoteSetup) {
        if (remoteSetup == null) {
            throw new IllegalArgumentException("a=setup is missing");
        }
        return switch (remoteSetup.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "active" -> SERVER;
            case "passive", "actpass" -> CLIENT;
            default -> throw new IllegalArgumentException("unusable a=setup value: " + remoteSetup);
        };
    }
}
