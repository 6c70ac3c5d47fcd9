package dev.hibiki.rtp.rtcp;

import dev.hibiki.rtp.Bytes;
import java.nio.charset.StandardCharsets;

/** Goodbye, PT 203 (RFC 3550 §6.6): the sources leaving and an optional reason. A reusable view. */
public final class ByePacket {
    private byte[] buf;
    private int off;
    private int sourceCount;
    private int reasonOffset;
    private int reasonLength;

    /** Views the BYE at {@code buf[off .. off+len)}; false when it is not a well-formed BYE. */
    public boolean wrap(byte[] buf, int off, int len) {
        this.buf = null;
        int content = RtcpHeader.contentLength(buf, off, len);
        if (content < RtcpHeader.LENGTH || RtcpHeader.packetType(buf, off) != RtcpHeader.BYE) {
            return false;
        }
        int count = RtcpHeader.count(buf, off);
        int afterSources = RtcpHeader.LENGTH + 4 * count;
        if (afterSources > content) {
            return false;
        }
        int rOff = -1;
        int rLen = 0;
        if (afterSources < content) {
            rLen = buf[off + afterSources] & 0xFF;
            if (afterSources + 1 + rLen > content) {
                return false;
            }
            rOff = off + afterSources + 1;
        }
        this.buf = buf;
        this.off = off;
        this.sourceCount = count;
        this.reasonOffset = rOff;
        this.reasonLength = rLen;
        return true;
    }

    public int sourceCount() {
        return sourceCount;
    }

    public long ssrc(int i) {
        return Bytes.u32(buf, off + RtcpHeader.LENGTH + 4 * i);
    }

    /** The reason for leaving, or null when none was given. */
    public String reason() {
        return reasonOffset < 0 ? null : new String(buf, reasonOffset, reasonLength, StandardCharsets.UTF_8);
    }

    /** Bytes a BYE for {@code sourceCount} sources and {@code reason} (may be null) takes. */
    public static int length(int sourceCount, String reason) {
        int total = RtcpHeader.LENGTH + 4 * sourceCount;
        if (reason != null) {
            int r = 1 + reason.getBytes(StandardCharsets.UTF_8).length;
            total += r + RtcpHeader.pad4(r);
        }
        return total;
    }

    /** Writes a BYE; returns its length, or -1 (no room, over 31 sources, reason over 255 bytes). */
    public static int write(byte[] dst, int off, long[] ssrcs, String reason) {
        byte[] text = reason == null ? null : reason.getBytes(StandardCharsets.UTF_8);
        int total = length(ssrcs.length, reason);
        if (ssrcs.length > 31 || (text != null && text.length > 255) || !Bytes.inBounds(dst, off, total)) {
            return -1;
        }
        RtcpHeader.write(dst, off, ssrcs.length, RtcpHeader.BYE, total);
        int pos = off + RtcpHeader.LENGTH;
        for (long ssrc : ssrcs) {
            Bytes.put32(dst, pos, ssrc);
            pos += 4;
        }
        if (text != null) {
            dst[pos++] = (byte) text.length;
            System.arraycopy(text, 0, dst, pos, text.length);
            pos += text.length;
            while (pos < off + total) {
                dst[pos++] = 0;
            }
        }
        return total;
    }
}
