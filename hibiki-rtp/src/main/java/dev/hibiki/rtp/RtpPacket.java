package dev.hibiki.rtp;

/**
 * A reusable, mutable view of one RTP packet (RFC 3550 §5.1) inside a caller's byte array.
 *
 * <p>{@link #wrap} validates the fixed header, the CSRC list, the header extension block and the padding,
 * and caches the derived lengths; the getters then read the buffer directly and the setters write it in place.
 * The view never copies or allocates. It is not thread-safe; keep one per receive loop and re-wrap it for every
 * datagram. After the bytes are changed by other means (e.g. an extension block is rewritten), call
 * {@link #wrap} again.
 */
public final class RtpPacket {
    public static final int FIXED_HEADER_LENGTH = 12;

    private byte[] buf;
    private int off;
    private int len;
    private int headerLength;
    private int paddingLength;
    private int extensionOffset = -1;
    private int extensionLength;

    /**
     * Points this view at {@code buf[off .. off+len)}. Returns false, leaving the view empty, when the range is
     * outside the array or the bytes are not a well-formed RTP packet: version other than 2, shorter than the
     * header its CSRC count and extension length announce, or a padding count of 0 or larger than the payload.
     */
    public boolean wrap(byte[] buf, int off, int len) {
        clear();
        if (!Bytes.inBounds(buf, off, len) || len < FIXED_HEADER_LENGTH) {
            return false;
        }
        int b0 = buf[off] & 0xFF;
        if ((b0 >>> 6) != 2) {
            return false;
        }
        int header = FIXED_HEADER_LENGTH + 4 * (b0 & 0x0F);
        if (header > len) {
            return false;
        }
        int extOff = -1;
        int extLen = 0;
        if ((b0 & 0x10) != 0) {
            if (header + 4 > len) {
                return false;
            }
            extLen = 4 * Bytes.u16(buf, off + header + 2);
            extOff = off + header + 4;
            header += 4 + extLen;
            if (header > len) {
                return false;
            }
        }
        int padding = 0;
        if ((b0 & 0x20) != 0) {
            padding = buf[off + len - 1] & 0xFF;
            if (padding == 0 || header + padding > len) {
                return false;
            }
        }
        this.buf = buf;
        this.off = off;
        this.len = len;
        this.headerLength = header;
        this.paddingLength = padding;
        this.extensionOffset = extOff;
        this.extensionLength = extLen;
        return true;
    }

    /** Forgets the wrapped bytes. */
    public void clear() {
        buf = null;
        off = 0;
        len = 0;
        headerLength = 0;
        paddingLength = 0;
        extensionOffset = -1;
        extensionLength = 0;
    }

    public boolean isWrapped() {
        return buf != null;
    }

    public byte[] buffer() {
        return buf;
    }

    /** Offset of the first header byte in {@link #buffer()}. */
    public int offset() {
        return off;
    }

    /** Whole packet length in bytes, padding included. */
    public int length() {
        return len;
    }

    public int version() {
        return (buf[off] & 0xFF) >>> 6;
    }

    public boolean hasPadding() {
        return (buf[off] & 0x20) != 0;
    }

    public boolean hasExtension() {
        return (buf[off] & 0x10) != 0;
    }

    public int csrcCount() {
        return buf[off] & 0x0F;
    }

    /** The i-th contributing source, 0 ≤ i &lt; {@link #csrcCount()}. */
    public long csrc(int i) {
        return Bytes.u32(buf, off + FIXED_HEADER_LENGTH + 4 * i);
    }

    public boolean marker() {
        return (buf[off + 1] & 0x80) != 0;
    }

    public int payloadType() {
        return buf[off + 1] & 0x7F;
    }

    /** 0..65535. */
    public int sequenceNumber() {
        return Bytes.u16(buf, off + 2);
    }

    /** 0..2^32-1. */
    public long timestamp() {
        return Bytes.u32(buf, off + 4);
    }

    /** 0..2^32-1. */
    public long ssrc() {
        return Bytes.u32(buf, off + 8);
    }

    /** Fixed header + CSRCs + extension block, in bytes. */
    public int headerLength() {
        return headerLength;
    }

    /** Absolute index of the first payload byte in {@link #buffer()}. */
    public int payloadOffset() {
        return off + headerLength;
    }

    /** Payload bytes, padding excluded. */
    public int payloadLength() {
        return len - headerLength - paddingLength;
    }

    /** Padding bytes at the end (including the count byte), 0 when the P bit is clear. */
    public int paddingLength() {
        return paddingLength;
    }

    /** The 16-bit "defined by profile" value of the extension block (0xBEDE, 0x100X, …), or -1 without one. */
    public int extensionProfile() {
        return extensionOffset < 0 ? -1 : Bytes.u16(buf, extensionOffset - 4);
    }

    /** Absolute index of the extension data (after the 4-byte block header), or -1 without an extension. */
    public int extensionDataOffset() {
        return extensionOffset;
    }

    /** Length of the extension data in bytes (a multiple of 4), 0 without an extension. */
    public int extensionDataLength() {
        return extensionLength;
    }

    public void setSequenceNumber(int seq) {
        Bytes.put16(buf, off + 2, seq);
    }

    public void setTimestamp(long timestamp) {
        Bytes.put32(buf, off + 4, timestamp);
    }

    public void setSsrc(long ssrc) {
        Bytes.put32(buf, off + 8, ssrc);
    }

    public void setPayloadType(int payloadType) {
        buf[off + 1] = (byte) ((buf[off + 1] & 0x80) | (payloadType & 0x7F));
    }

    public void setMarker(boolean marker) {
        buf[off + 1] = (byte) (marker ? buf[off + 1] | 0x80 : buf[off + 1] & 0x7F);
    }

    /** Copies the whole packet to {@code dst[dstOff..]}; returns the length copied or -1 when it does not fit. */
    public int copyTo(byte[] dst, int dstOff) {
        if (!Bytes.inBounds(dst, dstOff, len)) {
            return -1;
        }
        System.arraycopy(buf, off, dst, dstOff, len);
        return len;
    }

    @Override
    public String toString() {
        if (buf == null) {
            return "RtpPacket[empty]";
        }
        return "RtpPacket[pt=" + payloadType() + " seq=" + sequenceNumber() + " ts=" + timestamp()
                + " ssrc=" + ssrc() + " m=" + marker() + " len=" + len + "]";
    }
}
