package dev.hibiki.rtp.codec;

import dev.hibiki.rtp.Bytes;

/**
 * Inspects AV1 RTP payloads (AOM "RTP Payload Format For AV1" §4.4): the aggregation header
 * {@code Z Y W(2) N -(3)} and, for frame starts, the header of the first OBU.
 *
 * <p>Keyframe: N=1, which the sender sets on the first packet of a coded video sequence (sequence header plus
 * key frame). Start of frame: Z=0 (the first OBU element is not a continuation) and that OBU is a sequence
 * header, temporal delimiter, frame header, metadata or frame OBU, i.e. something that precedes or opens a
 * frame rather than a tile group. With spatial layers this is the start of a layer frame.
 */
public final class Av1Payload {
    public static final int OBU_SEQUENCE_HEADER = 1;
    public static final int OBU_TEMPORAL_DELIMITER = 2;
    public static final int OBU_FRAME_HEADER = 3;
    public static final int OBU_TILE_GROUP = 4;
    public static final int OBU_METADATA = 5;
    public static final int OBU_FRAME = 6;

    private Av1Payload() {}

    /** N bit of the aggregation header; false for an empty payload or one whose Z bit is also set. */
    public static boolean isKeyframe(byte[] buf, int off, int len) {
        return Bytes.inBounds(buf, off, len) && len >= 2 && (buf[off] & 0x88) == 0x08;
    }

    /** Z bit: the first OBU element continues one from the previous packet. */
    public static boolean startsWithFragment(byte[] buf, int off, int len) {
        return Bytes.inBounds(buf, off, len) && len >= 1 && (buf[off] & 0x80) != 0;
    }

    /** Y bit: the last OBU element continues in the next packet. */
    public static boolean endsWithFragment(byte[] buf, int off, int len) {
        return Bytes.inBounds(buf, off, len) && len >= 1 && (buf[off] & 0x40) != 0;
    }

    public static boolean isStartOfFrame(byte[] buf, int off, int len) {
        int type = firstObuType(buf, off, len);
        return type == OBU_SEQUENCE_HEADER || type == OBU_TEMPORAL_DELIMITER || type == OBU_FRAME_HEADER
                || type == OBU_METADATA || type == OBU_FRAME;
    }

    /**
     * OBU type of the first element when it is not a continuation (Z=0), or -1 (continuation, truncated,
     * malformed length). The element carries a LEB128 length unless W=1.
     */
    public static int firstObuType(byte[] buf, int off, int len) {
        if (!Bytes.inBounds(buf, off, len) || len < 2 || (buf[off] & 0x80) != 0) {
            return -1;
        }
        int w = (buf[off] >>> 4) & 0x03;
        int pos = off + 1;
        int end = off + len;
        if (w != 1) {
            long size = 0;
            int shift = 0;
            while (true) {
                if (pos >= end || shift > 49) {
                    return -1;
                }
                int b = buf[pos++] & 0xFF;
                size |= (long) (b & 0x7F) << shift;
                shift += 7;
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            if (size < 1 || pos + size > end) {
                return -1;
            }
        }
        if (pos >= end) {
            return -1;
        }
        return (buf[pos] >>> 3) & 0x0F;
    }
}
