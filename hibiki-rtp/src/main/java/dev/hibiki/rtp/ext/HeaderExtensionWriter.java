package dev.hibiki.rtp.ext;

import dev.hibiki.rtp.Bytes;
import dev.hibiki.rtp.RtpPacket;

/**
 * Builds an RFC 8285 extension block, then writes it into a copy of a packet in place of the packet's own
 * block: the way an SFU gives each subscriber the extension ids and values that subscriber negotiated.
 * Reusable; holds its elements in a preallocated array, so building allocates nothing.
 */
public final class HeaderExtensionWriter {
    /** Upper bound of the element data this writer keeps. */
    public static final int MAX_DATA_LENGTH = 1024;

    private final byte[] data = new byte[MAX_DATA_LENGTH];
    private int length;
    private boolean twoByte;

    /** Empties the block and chooses the one-byte (ids 1..14, 1..16 bytes) or two-byte form. */
    public HeaderExtensionWriter reset(boolean twoByte) {
        this.twoByte = twoByte;
        this.length = 0;
        return this;
    }

    public boolean isTwoByte() {
        return twoByte;
    }

    /** True when no element was added. */
    public boolean isEmpty() {
        return length == 0;
    }

    /** Adds an element; false when the id or length does not fit the chosen form or the block is full. */
    public boolean add(int id, byte[] src, int off, int len) {
        if (!Bytes.inBounds(src, off, len)) {
            return false;
        }
        int at = reserve(id, len);
        if (at < 0) {
            return false;
        }
        System.arraycopy(src, off, data, at, len);
        return true;
    }

    public boolean addByte(int id, int value) {
        int at = reserve(id, 1);
        if (at < 0) {
            return false;
        }
        data[at] = (byte) value;
        return true;
    }

    public boolean add16(int id, int value) {
        int at = reserve(id, 2);
        if (at < 0) {
            return false;
        }
        Bytes.put16(data, at, value);
        return true;
    }

    public boolean add24(int id, int value) {
        int at = reserve(id, 3);
        if (at < 0) {
            return false;
        }
        Bytes.put24(data, at, value);
        return true;
    }

    /** Copies the element {@code cursor} is on (e.g. from the publisher's packet) under a new id. */
    public boolean copy(int id, HeaderExtensionCursor cursor, byte[] src) {
        return add(id, src, cursor.dataOffset(), cursor.dataLength());
    }

    private int reserve(int id, int len) {
        int headerSize = twoByte ? 2 : 1;
        if (twoByte ? (id < 1 || id > 255 || len > 255) : (id < 1 || id > 14 || len < 1 || len > 16)) {
            return -1;
        }
        if (length + headerSize + len > MAX_DATA_LENGTH) {
            return -1;
        }
        if (twoByte) {
            data[length] = (byte) id;
            data[length + 1] = (byte) len;
        } else {
            data[length] = (byte) ((id << 4) | (len - 1));
        }
        int at = length + headerSize;
        length = at + len;
        return at;
    }

    /** Bytes the block takes in a packet: 4-byte block header plus data padded to 32 bits, or 0 when empty. */
    public int blockLength() {
        return length == 0 ? 0 : 4 + ((length + 3) & ~3);
    }

    /** Writes the block (header, elements, zero padding) at {@code dst[off..]}; returns its length or -1. */
    public int writeBlock(byte[] dst, int off) {
        int total = blockLength();
        if (!Bytes.inBounds(dst, off, total)) {
            return -1;
        }
        if (total == 0) {
            return 0;
        }
        Bytes.put16(dst, off, twoByte ? HeaderExtensionCursor.TWO_BYTE_PROFILE : HeaderExtensionCursor.ONE_BYTE_PROFILE);
        Bytes.put16(dst, off + 2, (total - 4) / 4);
        System.arraycopy(data, 0, dst, off + 4, length);
        for (int i = off + 4 + length; i < off + total; i++) {
            dst[i] = 0;
        }
        return total;
    }

    /**
     * Writes {@code src} to {@code dst[dstOff..]} with this block instead of its own extension block (the X bit
     * follows: cleared when this block is empty). Header fields, CSRCs, payload and padding are copied as they
     * are. {@code dst} must not overlap the source bytes. Returns the new packet length, or -1 when it does not
     * fit.
     */
    public int writePacket(RtpPacket src, byte[] dst, int dstOff) {
        if (!src.isWrapped()) {
            return -1;
        }
        int fixedAndCsrc = RtpPacket.FIXED_HEADER_LENGTH + 4 * src.csrcCount();
        int tail = src.length() - src.headerLength();
        int total = fixedAndCsrc + blockLength() + tail;
        if (!Bytes.inBounds(dst, dstOff, total)) {
            return -1;
        }
        byte[] s = src.buffer();
        System.arraycopy(s, src.offset(), dst, dstOff, fixedAndCsrc);
        dst[dstOff] = (byte) (length == 0 ? dst[dstOff] & ~0x10 : dst[dstOff] | 0x10);
        int pos = dstOff + fixedAndCsrc;
        pos += writeBlock(dst, pos);
        System.arraycopy(s, src.payloadOffset(), dst, pos, tail);
        return total;
    }
}
