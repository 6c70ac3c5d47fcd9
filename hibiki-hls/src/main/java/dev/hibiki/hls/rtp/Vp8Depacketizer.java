package dev.hibiki.hls.rtp;

import dev.hibiki.hls.EncodedFrame;
import dev.hibiki.rtp.codec.Vp8Descriptor;

/**
 * VP8 (RFC 7741): strips the payload descriptor; a frame opens with S=1 and PID=0 and closes at the marker bit.
 * It is a keyframe when the P bit of the VP8 payload header is 0 and the key frame start code 9d 01 2a follows
 * (RFC 6386 §9.1). All temporal layers are kept.
 */
public final class Vp8Depacketizer extends VideoDepacketizer {
    private static final int KEY_HEADER_LENGTH = 10;
    private boolean keyframe;

    public Vp8Depacketizer(FrameListener listener) {
        super(listener);
    }

    @Override
    public EncodedFrame.Codec codec() {
        return EncodedFrame.Codec.VP8;
    }

    @Override
    protected boolean startsFrame(byte[] buf, int off, int len) {
        return Vp8Descriptor.isStartOfFrame(buf, off, len);
    }

    @Override
    protected void beginFrame(byte[] buf, int off, int len) {
        keyframe = false;
    }

    @Override
    protected boolean append(byte[] buf, int off, int len) {
        int descriptor = Vp8Descriptor.descriptorLength(buf, off, len);
        if (descriptor < 0) {
            return false;
        }
        return frame.append(buf, off + descriptor, len - descriptor);
    }

    @Override
    protected boolean endFrame() {
        byte[] b = frame.array();
        if (frame.size() < 3) {
            return false;
        }
        keyframe = (b[0] & 0x01) == 0 && frame.size() >= KEY_HEADER_LENGTH
                && (b[3] & 0xFF) == 0x9D && (b[4] & 0xFF) == 0x01 && (b[5] & 0xFF) == 0x2A;
        return true;
    }

    @Override
    protected boolean isKeyframe() {
        return keyframe;
    }
}
