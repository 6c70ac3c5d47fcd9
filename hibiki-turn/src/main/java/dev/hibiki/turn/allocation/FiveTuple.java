package dev.hibiki.turn.allocation;

import java.net.InetSocketAddress;

/**
 * What identifies an allocation (RFC 8656 section 2): the client's address, the server address it talks to and the
 * transport. Over TCP each connection is its own tuple, since the client's port differs.
 */
public record FiveTuple(ClientTransport transport, InetSocketAddress client, InetSocketAddress server) {
    /** How the client reaches the server; the relayed side is always UDP. */
    public enum ClientTransport { UDP, TCP, TLS }
}
