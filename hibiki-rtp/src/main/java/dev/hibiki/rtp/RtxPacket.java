package dev.hibiki.rtp;

/**
 * RTP retransmission payload format (RFC 4588 §4): an RTX packet is the original packet under the RTX
 * payload type, SSRC and sequence number, with the original sequence number (OSN) in the first two payload
 * bytes. Padding of the original is not carried over.
 *
 * <p>Both directions write into a caller's buffer. The destination may be the very same bytes as the source
 * (in place, leaving 2 bytes of room at the end for {@link #encode}) or a disjoint range, never a partially
 * overlapping one.
 */
public final class RtxPacket {
    public static final int OSN_LENGTH = 2;

    private RtxPacket() {}

    /**
     * Writes the RTX form of {@code original} at {@code dst[dstOff..]}; returns its length, or -1 when it does
     * not fit.
     */
    public static int encode(RtpPacket original, int rtxPayloadType, long rtxSsrc, int rtxSequenceNumber,
                             byte[] dst, int dstOff) {
        if (!original.isWrapped()) {
            return -1;
        }
        int header = original.headerLength();
        int payload = original.payloadLength();
        int total = header + OSN_LENGTH + payload;
        if (!Bytes.inBounds(dst, dstOff, total)) {
            return -1;
        }
        byte[] src = original.buffer();
        int osn = original.sequenceNumber();
        System.arraycopy(src, original.payloadOffset(), dst, dstOff + header + OSN_LENGTH, payload);
        System.arraycopy(src, original.offset(), dst, dstOff, header);
        dst[dstOff] &= ~0x20;
        dst[dstOff + 1] = (byte) ((dst[dstOff + 1] & 0x80) | (rtxPayloadType & 0x7F));
        Bytes.put16(dst, dstOff + 2, rtxSequenceNumber);
        Bytes.put32(dst, dstOff + 8, rtxSsrc);
        Bytes.put16(dst, dstOff + header, osn);
        return total;
    }

    /**
     * Restores the original packet from {@code rtx} at {@code dst[dstOff..]} with the given payload type and
     * SSRC; returns its length, or -1 when the RTX payload is shorter than the OSN (e.g. a padding-only probe)
     * or it does not fit.
     */
    public static int decode(RtpPacket rtx, int originalPayloadType, long originalSsrc, byte[] dst, int dstOff) {
        if (!rtx.isWrapped() || rtx.payloadLength() < OSN_LENGTH) {
            return -1;
        }
        int header = rtx.headerLength();
        int payload = rtx.payloadLength() - OSN_LENGTH;
        int total = header + payload;
        if (!Bytes.inBounds(dst, dstOff, total)) {
            return -1;
        }
        byte[] src = rtx.buffer();
        int osn = Bytes.u16(src, rtx.payloadOffset());
        System.arraycopy(src, rtx.offset(), dst, dstOff, header);
        System.arraycopy(src, rtx.payloadOffset() + OSN_LENGTH, dst, dstOff + header, payload);
        dst[dstOff] &= ~0x20;
        dst[dstOff + 1] = (byte) ((dst[dstOff + 1] & 0x80) | (originalPayloadType & 0x7F));
        Bytes.put16(dst, dstOff + 2, osn);
        Bytes.put32(dst, dstOff + 8, originalSsrc);
        return total;
    }

    /** The original sequence number carried by an RTX packet, or -1 when the payload is too short. */
    public static int originalSequenceNumber(RtpPacket rtx) {
        return rtx.isWrapped() && rtx.payloadLength() >= OSN_LENGTH ? Bytes.u16(rtx.buffer(), rtx.payloadOffset()) : -1;
    }
}
