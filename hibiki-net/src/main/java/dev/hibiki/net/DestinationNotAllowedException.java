package dev.hibiki.net;

import java.net.InetAddress;

/**
 * A tenant-chosen destination is, or resolves to, a private network address and the operator does not allow
 * that. The message says "not allowed" and names the host as the tenant gave it, never the address it resolved
 * to nor anything about whether it answers; {@link #address()} is for the operator's log.
 */
public final class DestinationNotAllowedException extends Exception {
    private final transient InetAddress address;

    DestinationNotAllowedException(String message, InetAddress address) {
        super(message);
        this.address = address;
    }

    /** The private address that was refused (null for a {@code localhost} name, which is refused unresolved). */
    public InetAddress address() {
        return address;
    }
}
