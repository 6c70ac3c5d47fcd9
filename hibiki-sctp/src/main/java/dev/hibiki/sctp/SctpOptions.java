package dev.hibiki.sctp;

/**
 * Settings of one association.
 *
 * @param localPort our SCTP port (the SDP's {@code a=sctp-port}); packets to another port are dropped
 * @param remotePort the peer's SCTP port
 * @param maxMessageSize the largest message sent or accepted, in bytes (the SDP's {@code a=max-message-size})
 * @param receiveWindow bytes of received data held before delivery that we advertise as a_rwnd
 */
public record SctpOptions(int localPort, int remotePort, int maxMessageSize, int receiveWindow) {
    public SctpOptions {
        if (localPort < 0 || localPort > 0xffff || remotePort < 0 || remotePort > 0xffff) {
            throw new IllegalArgumentException("ports must be 0..65535");
        }
        if (maxMessageSize <= 0) {
            throw new IllegalArgumentException("maxMessageSize must be positive");
        }
        if (receiveWindow < 1500) {
            throw new IllegalArgumentException("receiveWindow must be at least 1500 bytes");
        }
    }

    /** Port 5000 on both ends, 256 KiB messages, a 1 MiB receive window. */
    public static SctpOptions defaults() {
        return new SctpOptions(5000, 5000, 262_144, 1 << 20);
    }
}
