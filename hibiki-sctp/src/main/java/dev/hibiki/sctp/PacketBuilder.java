package dev.hibiki.sctp;

import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Writes one SCTP packet of at most {@link #MAX_PACKET} bytes: the common header, then chunks, each padded to four
 * bytes; {@link #finish} fills in the CRC32c. A packet travels as one DTLS record in a datagram of at most 1200
 * bytes (the DTLS transport's MTU, which keeps it unfragmented on paths with the IPv6 minimum MTU); an AEAD record
 * adds up to 37 bytes (13 of header, 8 of explicit nonce, 16 of tag), so an SCTP packet may have 1160.
 */
final class PacketBuilder {
    static final int MAX_PACKET = 1160;
    /** The most user data one DATA chunk carries in a packet of its own. */
    static final int MAX_DATA_PAYLOAD = MAX_PACKET - SctpPacket.COMMON_HEADER - Chunk.DATA_HEADER;

    private final byte[] buf = new byte[MAX_PACKET];
    private final CRC32C crc = new CRC32C();
    private int pos;
    private int chunkStart;

    void begin(int sourcePort, int destinationPort, int verificationTag) {
        pos = 0;
        putShort(sourcePort);
        putShort(destinationPort);
        putInt(verificationTag);
        putInt(0);
    }

    boolean isEmpty() {
        return pos == SctpPacket.COMMON_HEADER;
    }

    /** Room left for a chunk, header included. */
    int remaining() {
        return MAX_PACKET - pos;
    }

    void beginChunk(int type, int flags) {
        chunkStart = pos;
        buf[pos++] = (byte) type;
        buf[pos++] = (byte) flags;
        pos += 2;
    }

    void endChunk() {
        int length = pos - chunkStart;
        buf[chunkStart + 2] = (byte) (length >>> 8);
        buf[chunkStart + 3] = (byte) length;
        while ((pos & 3) != 0) {
            buf[pos++] = 0;
        }
    }

    /** A whole chunk already encoded (with its padding or without). */
    void putChunk(byte[] chunk) {
        System.arraycopy(chunk, 0, buf, pos, chunk.length);
        pos += chunk.length;
        while ((pos & 3) != 0) {
            buf[pos++] = 0;
        }
    }

    void putByte(int v) {
        buf[pos++] = (byte) v;
    }

    void putShort(int v) {
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    void putInt(int v) {
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    void putBytes(byte[] b, int off, int len) {
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
    }

    /** Sets the checksum and returns a copy of the packet. */
    byte[] finish() {
        crc.reset();
        crc.update(buf, 0, pos);
        int sum = (int) crc.getValue();
        buf[8] = (byte) sum;
        buf[9] = (byte) (sum >>> 8);
        buf[10] = (byte) (sum >>> 16);
        buf[11] = (byte) (sum >>> 24);
        return Arrays.copyOf(buf, pos);
    }
}
