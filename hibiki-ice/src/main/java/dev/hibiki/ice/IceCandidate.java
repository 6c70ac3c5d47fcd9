package dev.hibiki.ice;

import java.util.Objects;

/**
 * One local candidate as announced in SDP (RFC 8839 section 5.1). {@link #sdpValue()} is the attribute value without
 * the {@code a=} prefix, as trickle ICE and {@code a=candidate:} lines both use it.
 *
 * @param address an IP literal (no zone id)
 */
public record IceCandidate(String foundation, int component, String protocol, long priority, String address, int port,
                           String type) {
    public IceCandidate {
        Objects.requireNonNull(foundation, "foundation");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(type, "type");
    }

    /** E.g. {@code candidate:1 1 udp 2130706431 192.0.2.1 50000 typ host}. */
    public String sdpValue() {
        StringBuilder value = new StringBuilder(80)
                .append("candidate:").append(foundation)
                .append(' ').append(component)
                .append(' ').append(protocol)
                .append(' ').append(priority)
                .append(' ').append(address)
                .append(' ').append(port)
                .append(" typ ").append(type);
        if ("tcp".equalsIgnoreCase(protocol)) {
            // An ICE-TCP server only accepts connections (RFC 6544 section 4.5).
            value.append(" tcptype passive");
        }
        return value.toString();
    }

    @Override
    public String toString() {
        return sdpValue();
    }
}
