package dev.hibiki.net;

import java.net.InetAddress;

/**
 * Addresses that lead into the operator's own network, to the host itself, or nowhere on the public internet:
 * a tenant must not make Hibiki connect to them (server-side request forgery). This is the one rule every
 * tenant-chosen destination is checked against (webhooks, SIP and RTMP targets).
 *
 * <p>IPv4: "this network" 0/8, private 10/8, 172.16/12 and 192.168/16, carrier-grade NAT 100.64/10, loopback
 * 127/8, link-local 169.254/16 (cloud metadata services live at 169.254.169.254), IETF protocol assignments
 * 192.0.0/24, the documentation ranges 192.0.2/24, 198.51.100/24 and 203.0.113/24, the 6to4 relay anycast
 * 192.88.99/24, benchmarking 198.18/15, multicast 224/4 and reserved 240/4 (with the broadcast address).
 *
 * <p>IPv6: everything outside the global unicast space 2000::/3 (unspecified, loopback, unique-local fc00::/7,
 * link-local fe80::/10, multicast, discard-only 100::/64, local-use NAT64 64:ff9b:1::/48, …) except the forms
 * below that carry an IPv4 address; inside 2000::/3 the documentation ranges 2001:db8::/32 and 3fff::/20,
 * benchmarking 2001:2::/48 and ORCHID 2001:10::/28 and 2001:20::/28. An IPv6 address that carries an IPv4
 * address is judged by that IPv4 address, since that is where its packets end up: IPv4-mapped ::ffff:0:0/96,
 * IPv4-translated ::ffff:0:0:0/96, IPv4-compatible ::/96 (which makes :: and ::1 "this network"), the NAT64
 * well-known prefix 64:ff9b::/96, 6to4 2002::/16 and Teredo 2001::/32 (its server address and its client
 * address, which Teredo stores with every bit inverted).
 */
public final class PrivateAddresses {

    private PrivateAddresses() {
    }

    public static boolean isPrivate(InetAddress address) {
        byte[] b = address.getAddress();
        return b.length == 4 ? isPrivateIpv4(b, 0) : isPrivateIpv6(b);
    }

    private static boolean isPrivateIpv4(byte[] bytes, int at) {
        int a = bytes[at] & 0xff;
        int b = bytes[at + 1] & 0xff;
        int c = bytes[at + 2] & 0xff;
        return a == 0 || a == 10 || a == 127 || a >= 224
                || a == 100 && (b & 0xc0) == 64
                || a == 169 && b == 254
                || a == 172 && (b & 0xf0) == 16
                || a == 192 && b == 168
                || a == 192 && b == 0 && (c == 0 || c == 2)
                || a == 192 && b == 88 && c == 99
                || a == 198 && (b & 0xfe) == 18
                || a == 198 && b == 51 && c == 100
                || a == 203 && b == 0 && c == 113;
    }

    private static boolean isPrivateIpv6(byte[] b) {
        int w0 = word(b, 0);
        int w1 = word(b, 1);
        if (zero(b, 0, 10) && (word(b, 5) == 0xffff || word(b, 5) == 0)) return isPrivateIpv4(b, 12);
        if (zero(b, 0, 8) && word(b, 4) == 0xffff && word(b, 5) == 0) return isPrivateIpv4(b, 12);
        if (w0 == 0x0064 && w1 == 0xff9b && zero(b, 4, 12)) return isPrivateIpv4(b, 12);
        if ((b[0] & 0xe0) != 0x20) return true;
        if (w0 == 0x2001 && w1 == 0) {
            byte[] client = {(byte) ~b[12], (byte) ~b[13], (byte) ~b[14], (byte) ~b[15]};
            return isPrivateIpv4(b, 4) || isPrivateIpv4(client, 0);
        }
        if (w0 == 0x2002) return isPrivateIpv4(b, 2);
        return w0 == 0x2001 && w1 == 0x0db8
                || w0 == 0x3fff && (w1 & 0xf000) == 0
                || w0 == 0x2001 && w1 == 0x0002 && word(b, 2) == 0
                || w0 == 0x2001 && ((w1 & 0xfff0) == 0x0010 || (w1 & 0xfff0) == 0x0020);
    }

    /** The 16-bit group {@code i} (0–7) of an IPv6 address. */
    private static int word(byte[] b, int i) {
        return (b[2 * i] & 0xff) << 8 | b[2 * i + 1] & 0xff;
    }

    private static boolean zero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) if (b[i] != 0) return false;
        return true;
    }
}
