package dev.hibiki.hls.rtp;

import dev.hibiki.hls.EncodedFrame;
import dev.hibiki.rtp.RtpPacket;

/**
 * Turns the in-order RTP packets of one stream into {@link EncodedFrame}s for a {@link FrameListener}. Feed it
 * from a {@link JitterBuffer} ({@code jitterBuffer.drain(depacketizer)}) or from any source that keeps sequence
 * order and reports holes. Malformed payloads never throw: the frame they belong to is dropped.
 *
 * <p>Not thread-safe: one thread feeds a depacketizer, and the listener runs on that thread.
 */
public abstract class Depacketizer implements JitterBuffer.PacketSink {
    protected final FrameListener listener;
    protected final TimestampUnwrapper timestamps = new TimestampUnwrapper();
    private long framesEmitted;
    private long framesDropped;

    protected Depacketizer(FrameListener listener) {
        this.listener = listener;
    }

    /** A depacketizer for the codec; video uses the 90 kHz clock, Opus 48 kHz. */
    public static Depacketizer create(EncodedFrame.Codec codec, FrameListener listener) {
        return switch (codec) {
            case VP8 -> new Vp8Depacketizer(listener);
            case VP9 -> new Vp9Depacketizer(listener);
            case H264 -> new H264Depacketizer(listener);
            case AV1 -> new Av1Depacketizer(listener);
            case OPUS -> new OpusDepacketizer(listener);
        };
    }

    /**
     * Feeds the next packet in sequence order.
     *
     * @param lostBefore sequence numbers missing just before this packet (0 when it follows the previous one)
     */
    @Override
    public abstract void onPacket(RtpPacket packet, int lostBefore);

    public abstract EncodedFrame.Codec codec();

    public abstract int clockRate();

    protected final void emit(byte[] data, long rtpTimestamp, boolean keyframe) {
        framesEmitted++;
        listener.onFrame(new EncodedFrame(codec(), data, timestamps.unwrap(rtpTimestamp), clockRate(), keyframe));
    }

    protected final void countDropped() {
        framesDropped++;
    }

    /** True while video frames are dropped until the next keyframe (also before the first); never for audio. */
    public boolean isWaitingForKeyframe() {
        return false;
    }

    public long framesEmitted() {
        return framesEmitted;
    }

    /** Frames dropped because they were incomplete, malformed, or not decodable while waiting for a keyframe. */
    public long framesDropped() {
        return framesDropped;
    }
}
