package dev.hibiki.rtp.codec;

import dev.hibiki.rtp.Bytes;

/**
 * The VP8 payload descriptor (RFC 7741 §4.2) at the start of an RTP payload, as a reusable view, plus the key
 * frame flag of the VP8 payload header that follows it (§4.3).
 *
 * <pre>
 *  X R N S R PID       required
 *  I L T K RSV         if X
 *  M PictureID(7|15)   if I
 *  TL0PICIDX           if L
 *  TID Y KEYIDX        if T or K
 * </pre>
 *
 * A keyframe is announced by the first packet of partition 0 (S=1, PID=0) whose payload header has P=0
 * (the "inverse key frame" flag). Picture id and TL0PICIDX can be rewritten in place, which an SFU needs when
 * it switches simulcast layers.
 */
public final class Vp8Descriptor {
    private byte[] buf;
    private int off;
    private int len;
    private int descriptorLength;
    private int pictureIdOffset = -1;
    private int tl0PicIdxOffset = -1;
    private int tidKeyIdxOffset = -1;

    /** Parses the descriptor of the payload {@code buf[off .. off+len)}; false when it is truncated. */
    public boolean wrap(byte[] buf, int off, int len) {
        this.buf = null;
        pictureIdOffset = tl0PicIdxOffset = tidKeyIdxOffset = -1;
        if (!Bytes.inBounds(buf, off, len) || len < 1) {
            return false;
        }
        int pos = off + 1;
        int end = off + len;
        if ((buf[off] & 0x80) != 0) {
            if (pos >= end) {
                return false;
            }
            int x = buf[pos++] & 0xFF;
            if ((x & 0x80) != 0) {
                if (pos >= end) {
                    return false;
                }
                pictureIdOffset = pos;
                pos += (buf[pos] & 0x80) != 0 ? 2 : 1;
            }
            if ((x & 0x40) != 0) {
                tl0PicIdxOffset = pos;
                pos++;
            }
            if ((x & 0x30) != 0) {
                tidKeyIdxOffset = pos;
                pos++;
            }
            if (pos > end) {
                return false;
            }
        }
        this.buf = buf;
        this.off = off;
        this.len = len;
        this.descriptorLength = pos - off;
        return true;
    }

    /** Bytes of descriptor before the VP8 payload. */
    public int descriptorLength() {
        return descriptorLength;
    }

    /** N: the frame can be discarded without affecting others. */
    public boolean isNonReference() {
        return (buf[off] & 0x20) != 0;
    }

    /** S: this packet starts a VP8 partition. */
    public boolean isStartOfPartition() {
        return (buf[off] & 0x10) != 0;
    }

    public int partitionId() {
        return buf[off] & 0x07;
    }

    /** First packet of a frame: start of partition 0. */
    public boolean isStartOfFrame() {
        return isStartOfPartition() && partitionId() == 0;
    }

    /** Start of partition 0 with the payload header's P bit clear; false when the payload header is missing. */
    public boolean isKeyframe() {
        return isStartOfFrame() && len > descriptorLength && (buf[off + descriptorLength] & 0x01) == 0;
    }

    /** Picture id (7 or 15 bits), or -1 when absent. */
    public int pictureId() {
        if (pictureIdOffset < 0) {
            return -1;
        }
        int b = buf[pictureIdOffset] & 0xFF;
        return (b & 0x80) != 0 ? Bytes.u16(buf, pictureIdOffset) & 0x7FFF : b;
    }

    /** 7 or 15 (bits of the picture id field), 0 when absent. */
    public int pictureIdBits() {
        if (pictureIdOffset < 0) {
            return 0;
        }
        return (buf[pictureIdOffset] & 0x80) != 0 ? 15 : 7;
    }

    /** Overwrites the picture id, keeping the field width (the value is masked to it); false when absent. */
    public boolean setPictureId(int pictureId) {
        if (pictureIdOffset < 0) {
            return false;
        }
        if (pictureIdBits() == 15) {
            Bytes.put16(buf, pictureIdOffset, 0x8000 | (pictureId & 0x7FFF));
        } else {
            buf[pictureIdOffset] = (byte) (pictureId & 0x7F);
        }
        return true;
    }

    /** TL0PICIDX 0..255, or -1 when absent. */
    public int tl0PicIdx() {
        return tl0PicIdxOffset < 0 ? -1 : buf[tl0PicIdxOffset] & 0xFF;
    }

    public boolean setTl0PicIdx(int value) {
        if (tl0PicIdxOffset < 0) {
            return false;
        }
        buf[tl0PicIdxOffset] = (byte) value;
        return true;
    }

    /** Temporal layer index 0..3, or -1 when the T bit is clear. */
    public int temporalLayer() {
        if (tidKeyIdxOffset < 0 || (buf[off + 1] & 0x20) == 0) {
            return -1;
        }
        return (buf[tidKeyIdxOffset] & 0xFF) >>> 6;
    }

    /** Y: layer sync; meaningful only when {@link #temporalLayer()} is not -1. */
    public boolean isLayerSync() {
        return tidKeyIdxOffset >= 0 && (buf[tidKeyIdxOffset] & 0x20) != 0;
    }

    /** Allocation-free check of the payload at {@code buf[off .. off+len)}; false for anything malformed. */
    public static boolean isKeyframe(byte[] buf, int off, int len) {
        int d = descriptorLength(buf, off, len);
        return d >= 0 && len > d && (buf[off] & 0x17) == 0x10 && (buf[off + d] & 0x01) == 0;
    }

    /** Allocation-free "S=1 and PID=0". */
    public static boolean isStartOfFrame(byte[] buf, int off, int len) {
        return descriptorLength(buf, off, len) >= 0 && (buf[off] & 0x17) == 0x10;
    }

    /** Length of the descriptor, or -1 when it is truncated. */
    public static int descriptorLength(byte[] buf, int off, int len) {
        if (!Bytes.inBounds(buf, off, len) || len < 1) {
            return -1;
        }
        int pos = off + 1;
        if ((buf[off] & 0x80) != 0) {
            if (pos >= off + len) {
                return -1;
            }
            int x = buf[pos++] & 0xFF;
            if ((x & 0x80) != 0) {
                if (pos >= off + len) {
                    return -1;
                }
                pos += (buf[pos] & 0x80) != 0 ? 2 : 1;
            }
            if ((x & 0x40) != 0) {
                pos++;
            }
            if ((x & 0x30) != 0) {
                pos++;
            }
        }
        return pos <= off + len ? pos - off : -1;
    }
}
