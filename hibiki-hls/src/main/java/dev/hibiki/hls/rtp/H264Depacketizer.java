package dev.hibiki.hls.rtp;

import dev.hibiki.hls.EncodedFrame;
import dev.hibiki.rtp.Bytes;

import java.util.Arrays;

/**
 * H.264 (RFC 6184, packetization modes 0 and 1): single NAL unit packets, STAP-A and FU-A become an Annex B
 * access unit, every NAL unit behind a 00 00 00 01 start code. An access unit is the packets of one timestamp,
 * closed by the marker bit. The interleaved-mode types (STAP-B, MTAP, FU-B) are not used by WebRTC and make the
 * access unit count as malformed.
 *
 * <p>The latest SPS and PPS are remembered and put in front of an IDR access unit that lacks them, so every
 * keyframe handed on can start a decoder. An IDR access unit without a known SPS and PPS is not a keyframe.
 * An access unit whose first slice does not start at macroblock 0 lost its beginning and is dropped.
 */
public final class H264Depacketizer extends VideoDepacketizer {
    private static final int NAL_SLICE = 1;
    private static final int NAL_IDR = 5;
    private static final int NAL_SPS = 7;
    private static final int NAL_PPS = 8;
    private static final int STAP_A = 24;
    private static final int FU_A = 28;
    private static final byte[] START_CODE = {0, 0, 0, 1};

    private byte[] sps;
    private byte[] pps;
    private boolean hasSps;
    private boolean hasPps;
    private boolean hasIdr;
    private boolean sawSlice;
    private boolean inFragment;
    private int fragmentStart;

    public H264Depacketizer(FrameListener listener) {
        super(listener);
    }

    @Override
    public EncodedFrame.Codec codec() {
        return EncodedFrame.Codec.H264;
    }

    /** Any packet that begins a NAL unit; an FU-A continuation cannot open an access unit. */
    @Override
    protected boolean startsFrame(byte[] buf, int off, int len) {
        int type = buf[off] & 0x1F;
        if (type == FU_A) {
            return len >= 2 && (buf[off + 1] & 0x80) != 0;
        }
        return (type >= 1 && type <= 23) || type == STAP_A;
    }

    @Override
    protected void beginFrame(byte[] buf, int off, int len) {
        hasSps = hasPps = hasIdr = sawSlice = inFragment = false;
    }

    @Override
    protected boolean append(byte[] buf, int off, int len) {
        int type = buf[off] & 0x1F;
        if (type >= 1 && type <= 23) {
            return appendNal(buf, off, len);
        }
        if (type == STAP_A) {
            return appendAggregate(buf, off + 1, off + len);
        }
        if (type == FU_A) {
            return appendFragment(buf, off, len);
        }
        return false;
    }

    private boolean appendAggregate(byte[] buf, int pos, int end) {
        if (pos >= end || inFragment) {
            return false;
        }
        while (pos < end) {
            if (pos + 2 > end) {
                return false;
            }
            int size = Bytes.u16(buf, pos);
            pos += 2;
            if (size == 0 || size > end - pos || !appendNal(buf, pos, size)) {
                return false;
            }
            pos += size;
        }
        return true;
    }

    private boolean appendNal(byte[] buf, int off, int len) {
        if (inFragment || (buf[off] & 0x80) != 0) {
            return false;
        }
        if (!frame.append(START_CODE, 0, 4)) {
            return false;
        }
        int start = frame.size();
        return frame.append(buf, off, len) && nalComplete(start);
    }

    private boolean appendFragment(byte[] buf, int off, int len) {
        if (len < 3) {
            return false;
        }
        int indicator = buf[off] & 0xFF;
        int header = buf[off + 1] & 0xFF;
        boolean start = (header & 0x80) != 0;
        boolean end = (header & 0x40) != 0;
        if (start == inFragment || (indicator & 0x80) != 0) {
            return false;
        }
        if (start) {
            if (!frame.append(START_CODE, 0, 4)) {
                return false;
            }
            fragmentStart = frame.size();
            if (!frame.append((indicator & 0xE0) | (header & 0x1F))) {
                return false;
            }
            inFragment = true;
        }
        if (!frame.append(buf, off + 2, len - 2)) {
            return false;
        }
        if (end) {
            inFragment = false;
            return nalComplete(fragmentStart);
        }
        return true;
    }

    /** Records what the NAL unit at {@code frame[start..]} means for the access unit; false if it is unusable. */
    private boolean nalComplete(int start) {
        byte[] b = frame.array();
        int size = frame.size() - start;
        int type = b[start] & 0x1F;
        switch (type) {
            case NAL_SPS -> {
                hasSps = true;
                sps = Arrays.copyOfRange(b, start, start + size);
            }
            case NAL_PPS -> {
                hasPps = true;
                pps = Arrays.copyOfRange(b, start, start + size);
            }
            case NAL_SLICE, NAL_IDR -> {
                if (!sawSlice) {
                    // first_mb_in_slice is ue(v): 0 is the single bit 1. Anything else means leading slices were lost.
                    if (size < 2 || (b[start + 1] & 0x80) == 0) {
                        return false;
                    }
                    sawSlice = true;
                }
                hasIdr |= type == NAL_IDR;
            }
            default -> { }
        }
        return true;
    }

    @Override
    protected boolean endFrame() {
        return !inFragment && sawSlice;
    }

    @Override
    protected boolean isKeyframe() {
        return hasIdr && (hasSps || sps != null) && (hasPps || pps != null);
    }

    @Override
    protected byte[] frameData() {
        if (!hasIdr || (hasSps && hasPps) || sps == null || pps == null) {
            return frame.toByteArray();
        }
        int extra = (hasSps ? 0 : 4 + sps.length) + (hasPps ? 0 : 4 + pps.length);
        byte[] out = new byte[extra + frame.size()];
        int pos = 0;
        if (!hasSps) {
            pos = put(out, pos, sps);
        }
        if (!hasPps) {
            pos = put(out, pos, pps);
        }
        System.arraycopy(frame.array(), 0, out, pos, frame.size());
        return out;
    }

    private static int put(byte[] out, int pos, byte[] nal) {
        System.arraycopy(START_CODE, 0, out, pos, 4);
        System.arraycopy(nal, 0, out, pos + 4, nal.length);
        return pos + 4 + nal.length;
    }
}
