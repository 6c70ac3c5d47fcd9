package dev.hibiki.sctp;

import java.util.zip.CRC32C;

/**
 * Reading one SCTP packet: the common header (RFC 9260 section 3.1), its CRC32c checksum (Appendix A: stored least
 * significant byte first, computed with the checksum field zero), and walking its chunks with every length checked
 * against the packet. A view over the caller's array; {@link #wrap} returns false for anything malformed.
 */
final class SctpPacket {
    static final int COMMON_HEADER = 12;
    private static final byte[] ZERO_CHECKSUM = new byte[4];

    private final CRC32C crc = new CRC32C();
    private byte[] buf;
    private int off;
    private int end;
    private int chunkOffset;
    private int chunkEnd;

    /** Checks the header and that every chunk's length fits in the packet; does not check the checksum. */
    boolean wrap(byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len < COMMON_HEADER + Chunk.HEADER || off + len > buf.length || off + len < 0) {
            return false;
        }
        this.buf = buf;
        this.off = off;
        this.end = off + len;
        for (int p = off + COMMON_HEADER; p < end; ) {
            if (end - p < Chunk.HEADER) {
                return false;
            }
            int length = u16(buf, p + 2);
            if (length < Chunk.HEADER || length > end - p) {
                return false;
            }
            p += Math.min(Chunk.padded(length), end - p);
        }
        chunkOffset = -1;
        return true;
    }

    boolean checksumValid() {
        int stored = (buf[off + 8] & 0xff) | (buf[off + 9] & 0xff) << 8 | (buf[off + 10] & 0xff) << 16
                | (buf[off + 11] & 0xff) << 24;
        crc.reset();
        crc.update(buf, off, 8);
        crc.update(ZERO_CHECKSUM, 0, 4);
        crc.update(buf, off + COMMON_HEADER, end - off - COMMON_HEADER);
        return (int) crc.getValue() == stored;
    }

    int sourcePort() {
        return u16(buf, off);
    }

    int destinationPort() {
        return u16(buf, off + 2);
    }

    int verificationTag() {
        return i32(buf, off + 4);
    }

    byte[] array() {
        return buf;
    }

    /** Moves to the next chunk; false after the last. */
    boolean nextChunk() {
        int p = chunkOffset < 0 ? off + COMMON_HEADER : Math.min(chunkOffset + Chunk.padded(chunkLength()), end);
        if (p >= end) {
            return false;
        }
        chunkOffset = p;
        chunkEnd = p + u16(buf, p + 2);
        return true;
    }

    /** Starts the chunk walk again from the first chunk. */
    void rewind() {
        chunkOffset = -1;
    }

    int chunkType() {
        return buf[chunkOffset] & 0xff;
    }

    int chunkFlags() {
        return buf[chunkOffset + 1] & 0xff;
    }

    int chunkLength() {
        return u16(buf, chunkOffset + 2);
    }

    /** Offset of the chunk's value, after its four-byte header. */
    int valueOffset() {
        return chunkOffset + Chunk.HEADER;
    }

    int valueLength() {
        return chunkEnd - chunkOffset - Chunk.HEADER;
    }

    int chunkOffset() {
        return chunkOffset;
    }

    /** The number of chunks; used to check that INIT, INIT-ACK and SHUTDOWN-COMPLETE come alone. */
    int chunkCount() {
        int saved = chunkOffset;
        int savedEnd = chunkEnd;
        chunkOffset = -1;
        int n = 0;
        while (nextChunk()) {
            n++;
        }
        chunkOffset = saved;
        chunkEnd = savedEnd;
        return n;
    }

    static int u16(byte[] b, int p) {
        return (b[p] & 0xff) << 8 | (b[p + 1] & 0xff);
    }

    static int i32(byte[] b, int p) {
        return (b[p] & 0xff) << 24 | (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8 | (b[p + 3] & 0xff);
    }

    static long u32(byte[] b, int p) {
        return i32(b, p) & 0xffffffffL;
    }
}
