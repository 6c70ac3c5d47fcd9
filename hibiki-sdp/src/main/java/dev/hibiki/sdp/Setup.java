package dev.hibiki.sdp;

import java.util.Optional;

/** The {@code a=setup} role (RFC 4145, RFC 8842): who opens the DTLS association. */
public enum Setup {
    /** Opens the connection: the DTLS client. */
    ACTIVE("active"),
    /** Waits for the connection: the DTLS server. */
    PASSIVE("passive"),
    /** Either; an offerer's choice that leaves the role to the answerer. */
    ACTPASS("actpass"),
    HOLDCONN("holdconn");

    private final String sdpName;

    Setup(String sdpName) {
        this.sdpName = sdpName;
    }

    public String sdpName() {
        return sdpName;
    }

    public static Optional<Setup> fromSdpName(String name) {
        for (Setup s : values()) {
            if (s.sdpName.equals(name)) return Optional.of(s);
        }
        return Optional.empty();
    }

    static Setup parse(String value) {
        return fromSdpName(Tokens.strip(value))
                .orElseThrow(() -> new IllegalArgumentException("unknown setup role '" + value + "'"));
    }
}
