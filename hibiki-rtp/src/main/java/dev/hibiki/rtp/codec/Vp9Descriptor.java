package dev.hibiki.rtp.codec;

import dev.hibiki.rtp.Bytes;

/**
 * The VP9 payload descriptor (RFC 9628 §4.2) as a reusable view.
 *
 * <pre>
 *  I P L F B E V Z           required
 *  M PICTURE ID (7|15)       if I
 *  TID U SID D               if L
 *  TL0PICIDX                 if L and not F (non-flexible mode)
 *  P_DIFF N                  if F and P, repeated while N (at most 3)
 *  scalability structure     if V
 * </pre>
 *
 * Keyframe: not inter-picture predicted (P=0), beginning of a layer frame (B=1) and spatial layer 0 (or no
 * layer indices). {@link #isStartOfFrame()} is the first packet of a picture (B=1 on spatial layer 0);
 * {@link #beginsLayerFrame()} is the B bit alone, for per-layer forwarding.
 */
public final class Vp9Descriptor {
    private byte[] buf;
    private int off;
    private int descriptorLength;
    private int pictureIdOffset = -1;
    private int layerOffset = -1;
    private int tl0PicIdxOffset = -1;

    /** Parses the descriptor of the payload {@code buf[off .. off+len)}; false when it is truncated. */
    public boolean wrap(byte[] buf, int off, int len) {
        this.buf = null;
        pictureIdOffset = layerOffset = tl0PicIdxOffset = -1;
        int length = descriptorLength(buf, off, len);
        if (length < 0) {
            return false;
        }
        int b0 = buf[off] & 0xFF;
        int pos = off + 1;
        if ((b0 & 0x80) != 0) {
            pictureIdOffset = pos;
            pos += (buf[pos] & 0x80) != 0 ? 2 : 1;
        }
        if ((b0 & 0x20) != 0) {
            layerOffset = pos++;
            if ((b0 & 0x10) == 0) {
                tl0PicIdxOffset = pos;
            }
        }
        this.buf = buf;
        this.off = off;
        this.descriptorLength = length;
        return true;
    }

    /** Length of the descriptor at {@code buf[off .. off+len)}, or -1 when it is truncated or malformed. */
    public static int descriptorLength(byte[] buf, int off, int len) {
        if (!Bytes.inBounds(buf, off, len) || len < 1) {
            return -1;
        }
        int b0 = buf[off] & 0xFF;
        int end = off + len;
        int pos = off + 1;
        if ((b0 & 0x80) != 0) {
            if (pos >= end) {
                return -1;
            }
            pos += (buf[pos] & 0x80) != 0 ? 2 : 1;
        }
        boolean flexible = (b0 & 0x10) != 0;
        if ((b0 & 0x20) != 0) {
            pos += flexible ? 1 : 2;
        }
        if (flexible && (b0 & 0x40) != 0) {
            for (int i = 0; ; i++) {
                if (pos >= end || i == 3) {
                    return -1;
                }
                if ((buf[pos++] & 0x01) == 0) {
                    break;
                }
            }
        }
        if ((b0 & 0x02) != 0) {
            pos = skipScalabilityStructure(buf, pos, end);
            if (pos < 0) {
                return -1;
            }
        }
        return pos <= end ? pos - off : -1;
    }

    /** Allocation-free keyframe check: P=0, B=1, spatial layer 0, descriptor intact. */
    public static boolean isKeyframe(byte[] buf, int off, int len) {
        return descriptorLength(buf, off, len) >= 0 && (buf[off] & 0x48) == 0x08 && spatialLayerOf(buf, off) == 0;
    }

    /** Allocation-free first-packet-of-picture check: B=1 on spatial layer 0, descriptor intact. */
    public static boolean isStartOfFrame(byte[] buf, int off, int len) {
        return descriptorLength(buf, off, len) >= 0 && (buf[off] & 0x08) != 0 && spatialLayerOf(buf, off) == 0;
    }

    private static int spatialLayerOf(byte[] buf, int off) {
        int b0 = buf[off] & 0xFF;
        if ((b0 & 0x20) == 0) {
            return 0;
        }
        int pos = off + 1;
        if ((b0 & 0x80) != 0) {
            pos += (buf[pos] & 0x80) != 0 ? 2 : 1;
        }
        return (buf[pos] >>> 1) & 0x07;
    }

    private static int skipScalabilityStructure(byte[] buf, int pos, int end) {
        if (pos >= end) {
            return -1;
        }
        int ss = buf[pos++] & 0xFF;
        int spatialLayers = (ss >>> 5) + 1;
        if ((ss & 0x10) != 0) {
            pos += 4 * spatialLayers;
        }
        if ((ss & 0x08) != 0) {
            if (pos >= end) {
                return -1;
            }
            int groups = buf[pos++] & 0xFF;
            for (int g = 0; g < groups; g++) {
                if (pos >= end) {
                    return -1;
                }
                int references = (buf[pos++] >>> 2) & 0x03;
                pos += references;
            }
        }
        return pos <= end ? pos : -1;
    }

    public int descriptorLength() {
        return descriptorLength;
    }

    /** P: the frame references an earlier picture. */
    public boolean isInterPicturePredicted() {
        return (buf[off] & 0x40) != 0;
    }

    public boolean isFlexibleMode() {
        return (buf[off] & 0x10) != 0;
    }

    /** B: first packet of a layer frame. */
    public boolean beginsLayerFrame() {
        return (buf[off] & 0x08) != 0;
    }

    /** E: last packet of a layer frame. */
    public boolean endsLayerFrame() {
        return (buf[off] & 0x04) != 0;
    }

    /** V: a scalability structure is present (sent with keyframes). */
    public boolean hasScalabilityStructure() {
        return (buf[off] & 0x02) != 0;
    }

    /** Spatial layer id 0..7, or 0 when layer indices are absent. */
    public int spatialLayer() {
        return layerOffset < 0 ? 0 : (buf[layerOffset] >>> 1) & 0x07;
    }

    /** Temporal layer id 0..7, or -1 when layer indices are absent. */
    public int temporalLayer() {
        return layerOffset < 0 ? -1 : (buf[layerOffset] & 0xFF) >>> 5;
    }

    /** U: switching up point. */
    public boolean isSwitchingUpPoint() {
        return layerOffset >= 0 && (buf[layerOffset] & 0x10) != 0;
    }

    /** D: inter-layer dependency on the spatial layer below. */
    public boolean isInterLayerPredicted() {
        return layerOffset >= 0 && (buf[layerOffset] & 0x01) != 0;
    }

    public int pictureId() {
        if (pictureIdOffset < 0) {
            return -1;
        }
        int b = buf[pictureIdOffset] & 0xFF;
        return (b & 0x80) != 0 ? Bytes.u16(buf, pictureIdOffset) & 0x7FFF : b;
    }

    public int pictureIdBits() {
        if (pictureIdOffset < 0) {
            return 0;
        }
        return (buf[pictureIdOffset] & 0x80) != 0 ? 15 : 7;
    }

    /** Overwrites the picture id, keeping the field width; false when absent. */
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

    /** TL0PICIDX (non-flexible mode with layer indices), or -1. */
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

    public boolean isKeyframe() {
        return !isInterPicturePredicted() && beginsLayerFrame() && spatialLayer() == 0;
    }

    /** First packet of a picture: B=1 on spatial layer 0. */
    public boolean isStartOfFrame() {
        return beginsLayerFrame() && spatialLayer() == 0;
    }
}
