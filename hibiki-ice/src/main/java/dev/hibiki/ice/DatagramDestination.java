package dev.hibiki.ice;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Where a session's datagrams go, with the address decoded once into plain fields. An SFU sends one packet to
 * thousands of these in turn, so each send should touch one small object: reading the {@link InetSocketAddress}
 * instead walks four (the address, its holder, the {@link InetAddress}, its holder) that are rarely in the CPU cache
 * at that point, and {@link InetAddress#getAddress} copies the bytes into a new array on every call.
 */
public final class DatagramDestination {

    private final InetSocketAddress address;
    private final boolean resolved;
    private final boolean ipv6;
    /** The IP address as a big-endian number: IPv4 in the low 32 bits of {@link #low}, IPv6 over both. */
    private final long high;
    private final long low;
    private final int port;
    private final int scopeId;

    private DatagramDestination(InetSocketAddress address) {
        this.address = address;
        this.port = address.getPort();
        InetAddress ip = address.getAddress();
        long h = 0, l = 0;
        int scope = 0;
        if (ip != null) {
            ByteBuffer bytes = ByteBuffer.wrap(ip.getAddress()); // network order, as ByteBuffer reads by default
            if (ip instanceof Inet6Address v6) {
                h = bytes.getLong();
                l = bytes.getLong();
                scope = Math.max(v6.getScopeId(), 0);
            } else {
                l = Integer.toUnsignedLong(bytes.getInt());
            }
        }
        this.resolved = ip != null;
        this.ipv6 = ip instanceof Inet6Address;
        this.high = h;
        this.low = l;
        this.scopeId = scope;
    }

    public static DatagramDestination of(InetSocketAddress address) {
        return new DatagramDestination(Objects.requireNonNull(address, "address"));
    }

    public InetSocketAddress address() {
        return address;
    }

    /** False for an unresolved host name, which has no IP address to send to. */
    public boolean isResolved() {
        return resolved;
    }

    public boolean isIpv6() {
        return ipv6;
    }

    /** The IPv4 address as a big-endian int (meaningful when resolved and not {@link #isIpv6}). */
    public int ipv4() {
        return (int) low;
    }

    /** Bytes 0–7 of the IPv6 address, big-endian. */
    public long ipv6High() {
        return high;
    }

    /** Bytes 8–15 of the IPv6 address, big-endian. */
    public long ipv6Low() {
        return low;
    }

    public int port() {
        return port;
    }

    /** The IPv6 scope (interface index) or 0. */
    public int scopeId() {
        return scopeId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DatagramDestination d && d.address.equals(address);
    }

    @Override
    public int hashCode() {
        return address.hashCode();
    }

    @Override
    public String toString() {
        return address.toString();
    }
}
