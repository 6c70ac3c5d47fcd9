package dev.hibiki.rtp.codec;

import dev.hibiki.rtp.Bytes;

/**
 * Inspects H.264 RTP payloads in the packetization modes WebRTC uses (RFC 6184 modes 0 and 1, §6.2-6.3):
 * single NAL unit packets (types 1..23), STAP-A (24) and FU-A (28). The interleaved-mode types (STAP-B,
 * MTAP16/24, FU-B) are never keyframes or frame starts here.
 *
 * <p>A packet counts as keyframe when it starts or carries an IDR slice (NAL type 5) or a sequence parameter
 * set (7): browsers send SPS+PPS in a STAP-A just ahead of the IDR, so the first packet of a keyframe is
 * recognised. H.264 has no frame-start flag; {@link #isStartOfFrame} can only say the packet starts a NAL unit
 * (FU start bit, or not a fragment). Callers that need exact frame starts watch for a timestamp change.
 */
public final class H264Payload {
    public static final int NAL_IDR = 5;
    public static final int NAL_SEI = 6;
    public static final int NAL_SPS = 7;
    public static final int NAL_PPS = 8;
    public static final int STAP_A = 24;
    public static final int FU_A = 28;

    private H264Payload() {}

    /** The RTP packetization type (NAL type of the first byte), or -1 for an empty payload. */
    public static int packetType(byte[] buf, int off, int len) {
        return Bytes.inBounds(buf, off, len) && len >= 1 ? buf[off] & 0x1F : -1;
    }

    /** True when the payload carries (or begins the fragments of) an IDR slice or an SPS. */
    public static boolean isKeyframe(byte[] buf, int off, int len) {
        int type = packetType(buf, off, len);
        switch (type) {
            case STAP_A:
                return stapHasKey(buf, off + 1, off + len);
            case FU_A:
                if (len < 2) {
                    return false;
                }
                int fuHeader = buf[off + 1] & 0xFF;
                return (fuHeader & 0x80) != 0 && isKeyNal(fuHeader & 0x1F);
            default:
                return type >= 1 && type <= 23 && isKeyNal(type);
        }
    }

    /** True when the payload starts a NAL unit: an FU with its start bit, or any non-fragmented packet. */
    public static boolean isStartOfFrame(byte[] buf, int off, int len) {
        int type = packetType(buf, off, len);
        if (type == FU_A) {
            return len >= 2 && (buf[off + 1] & 0x80) != 0;
        }
        return (type >= 1 && type <= 23) || type == STAP_A;
    }

    private static boolean isKeyNal(int nalType) {
        return nalType == NAL_IDR || nalType == NAL_SPS;
    }

    /** Walks STAP-A aggregation units from {@code pos}: 16-bit size, then the NAL unit of that size. */
    private static boolean stapHasKey(byte[] buf, int pos, int end) {
        while (pos + 2 <= end) {
            int size = Bytes.u16(buf, pos);
            pos += 2;
            if (size == 0 || pos + size > end) {
                return false;
            }
            if (isKeyNal(buf[pos] & 0x1F)) {
                return true;
            }
            pos += size;
        }
        return false;
    }
}
