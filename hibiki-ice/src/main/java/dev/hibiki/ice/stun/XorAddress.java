package dev.hibiki.ice.stun;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * The XOR-MAPPED-ADDRESS value layout (RFC 8489 section 14.2): the port XOR the cookie's top half, the address XOR
 * the cookie followed by the transaction id.
 */
final class XorAddress {
    static final int FAMILY_IPV4 = 0x01;
    static final int FAMILY_IPV6 = 0x02;
    static final int IPV4_VALUE_LENGTH = 8;
    static final int IPV6_VALUE_LENGTH = 20;

    private XorAddress() {
    }

    /**
     * Decodes the value at {@code valueOff}; {@code messageOff} locates the header whose cookie and transaction id
     * are the XOR pad. Returns null for an unknown family or a length that does not fit it.
     */
    static InetSocketAddress decode(byte[] b, int messageOff, int valueOff, int valueLen) {
        int family = b[valueOff + 1] & 0xFF;
        int addressLength;
        if (family == FAMILY_IPV4 && valueLen == IPV4_VALUE_LENGTH) {
            addressLength = 4;
        } else if (family == FAMILY_IPV6 && valueLen == IPV6_VALUE_LENGTH) {
            addressLength = 16;
        } else {
            return null;
        }
        int port = StunBytes.u16(b, valueOff + 2) ^ (StunMessage.MAGIC_COOKIE >>> 16);
        byte[] address = new byte[addressLength];
        for (int i = 0; i < addressLength; i++) {
            // Bytes 4..19 of the header are the cookie followed by the transaction id: exactly the XOR pad.
            address[i] = (byte) (b[valueOff + 4 + i] ^ b[messageOff + 4 + i]);
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(address), port);
        } catch (UnknownHostException e) {
            return null; // unreachable: the length is 4 or 16
        }
    }

    /** Writes the value at {@code valueOff}, returning its length; the header at {@code messageOff} must be written. */
    static int encode(byte[] b, int messageOff, int valueOff, InetAddress address, int port) {
        byte[] raw = address.getAddress();
        b[valueOff] = 0;
        b[valueOff + 1] = (byte) (address instanceof Inet4Address ? FAMILY_IPV4 : FAMILY_IPV6);
        StunBytes.put16(b, valueOff + 2, port ^ (StunMessage.MAGIC_COOKIE >>> 16));
        for (int i = 0; i < raw.length; i++) {
            b[valueOff + 4 + i] = (byte) (raw[i] ^ b[messageOff + 4 + i]);
        }
        return 4 + raw.length;
    }
}
