package dev.hibiki.rtp.rtcp;

import dev.hibiki.rtp.Bytes;

/**
 * Walks the packets of a compound RTCP datagram (RFC 3550 §6.1) without allocating. Reusable: {@link #reset}
 * per datagram, then {@link #next} until false; the accessors describe the current packet, whose bytes
 * {@code buffer()[offset() .. offset()+length())} can be handed to a typed view such as {@link SenderReport}.
 *
 * <p>The walk stops at the first packet whose header is invalid (version, length beyond the datagram, bad
 * padding); {@link #malformed()} then says so and the packets before it remain usable. Reduced-size RTCP
 * (RFC 5506, a lone feedback packet) is accepted.
 */
public final class RtcpCompoundIterator {
    private byte[] buf;
    private int pos;
    private int end;
    private int offset;
    private int length;
    private int contentLength;
    private boolean malformed;

    /** Starts on {@code buf[off .. off+len)}; false when that range lies outside the array. */
    public boolean reset(byte[] buf, int off, int len) {
        this.length = 0;
        this.contentLength = 0;
        this.malformed = false;
        if (!Bytes.inBounds(buf, off, len)) {
            this.buf = null;
            this.pos = this.end = 0;
            return false;
        }
        this.buf = buf;
        this.pos = off;
        this.end = off + len;
        return true;
    }

    /** Advances to the next packet; false at the end of the datagram or at a malformed packet. */
    public boolean next() {
        if (buf == null || pos >= end) {
            return false;
        }
        int packetLength = RtcpHeader.packetLength(buf, pos, end - pos);
        int content = packetLength < 0 ? -1 : RtcpHeader.contentLength(buf, pos, end - pos);
        if (content < 0) {
            malformed = true;
            pos = end;
            return false;
        }
        offset = pos;
        length = packetLength;
        contentLength = content;
        pos += packetLength;
        return true;
    }

    public byte[] buffer() {
        return buf;
    }

    /** Absolute index of the current packet's first byte. */
    public int offset() {
        return offset;
    }

    /** Length of the current packet in bytes, padding included. */
    public int length() {
        return length;
    }

    /** Length of the current packet without its padding. */
    public int contentLength() {
        return contentLength;
    }

    public int packetType() {
        return RtcpHeader.packetType(buf, offset);
    }

    /** Reception report / source count, or the feedback message type (FMT) for PT 205/206. */
    public int count() {
        return RtcpHeader.count(buf, offset);
    }

    /** The SSRC right after the header (sender of SR/RR/feedback, first source of SDES/BYE), or -1. */
    public long firstSsrc() {
        return contentLength >= 8 ? Bytes.u32(buf, offset + 4) : -1;
    }

    /** True once the walk stopped on an invalid packet. */
    public boolean malformed() {
        return malformed;
    }
}
