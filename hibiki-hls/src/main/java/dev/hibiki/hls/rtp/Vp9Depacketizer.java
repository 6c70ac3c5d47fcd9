package dev.hibiki.hls.rtp;

import dev.hibiki.hls.EncodedFrame;
import dev.hibiki.rtp.RtpPacket;
import dev.hibiki.rtp.codec.Vp9Descriptor;

/**
 * VP9 (RFC 9628): strips the payload descriptor (picture id, layer indices, flexible-mode reference diffs and
 * the scalability structure); a frame runs from the packet with B=1 to the one with E=1 (or the marker bit).
 *
 * <p>Spatial SVC: only spatial layer 0 is kept. Its frames never reference higher layers, so they decode on
 * their own, at the base resolution; packets of other spatial layers are ignored (their holes still count as
 * loss, since the jitter buffer cannot tell layers apart). All temporal layers are kept. Keyframe: P=0 in the
 * descriptor and frame_type KEY_FRAME in the uncompressed header (VP9 bitstream spec §6.2).
 */
public final class Vp9Depacketizer extends VideoDepacketizer {
    private final Vp9Descriptor descriptor = new Vp9Descriptor();
    private boolean interPredicted;

    public Vp9Depacketizer(FrameListener listener) {
        super(listener);
    }

    @Override
    public EncodedFrame.Codec codec() {
        return EncodedFrame.Codec.VP9;
    }

    @Override
    protected boolean accepts(byte[] buf, int off, int len) {
        return !descriptor.wrap(buf, off, len) || descriptor.spatialLayer() == 0;
    }

    @Override
    protected boolean startsFrame(byte[] buf, int off, int len) {
        return descriptor.wrap(buf, off, len) && descriptor.beginsLayerFrame();
    }

    @Override
    protected void beginFrame(byte[] buf, int off, int len) {
        interPredicted = descriptor.wrap(buf, off, len) && descriptor.isInterPicturePredicted();
    }

    @Override
    protected boolean append(byte[] buf, int off, int len) {
        if (!descriptor.wrap(buf, off, len)) {
            return false;
        }
        int d = descriptor.descriptorLength();
        return frame.append(buf, off + d, len - d);
    }

    @Override
    protected boolean endsFrame(RtpPacket packet, byte[] buf, int off, int len) {
        return packet.marker() || (descriptor.wrap(buf, off, len) && descriptor.endsLayerFrame());
    }

    @Override
    protected boolean endFrame() {
        return frame.size() > 0;
    }

    @Override
    protected boolean isKeyframe() {
        return !interPredicted && isKeyFrameHeader(frame.array(), frame.size());
    }

    /** frame_marker, profile, show_existing_frame and frame_type of the uncompressed header. */
    static boolean isKeyFrameHeader(byte[] b, int size) {
        if (size < 1) {
            return false;
        }
        int h = b[0] & 0xFF;
        if ((h >>> 6) != 2) {
            return false;
        }
        int profile = ((h >>> 5) & 1) | (((h >>> 4) & 1) << 1);
        int bit = profile == 3 ? 2 : 3;
        boolean showExisting = ((h >>> bit) & 1) != 0;
        boolean interFrame = ((h >>> (bit - 1)) & 1) != 0;
        return !showExisting && !interFrame;
    }
}
