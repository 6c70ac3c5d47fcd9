package dev.hibiki.hls.rtp;

import dev.hibiki.rtp.RtpPacket;

/**
 * Frame assembly shared by the video payload formats. A frame is the run of packets with one RTP timestamp that
 * begins with a packet the codec recognises as a frame start and ends with the codec's end mark (the marker bit
 * unless overridden) or, failing that, with the next timestamp.
 *
 * <p>Loss policy: a hole in the sequence drops the frame in progress, and from then on every frame is dropped
 * until an intact keyframe, because later frames reference what was lost. The stream starts in that waiting
 * state too, so the first frame handed on is always a keyframe. While waiting, the listener is asked for a
 * keyframe when the wait begins and again each second of RTP time.
 */
abstract class VideoDepacketizer extends Depacketizer {
    static final int CLOCK_RATE = 90_000;

    protected final FrameBuffer frame = new FrameBuffer(64 * 1024);
    private boolean inFrame;
    private boolean broken;
    private long frameTimestamp;
    private boolean waitingForKeyframe = true;
    private boolean requested;
    private long lastRequestTimestamp;

    VideoDepacketizer(FrameListener listener) {
        super(listener);
    }

    @Override
    public final int clockRate() {
        return CLOCK_RATE;
    }

    @Override
    public final void onPacket(RtpPacket packet, int lostBefore) {
        byte[] buf = packet.buffer();
        int off = packet.payloadOffset();
        int len = packet.payloadLength();
        if (lostBefore > 0) {
            if (inFrame) {
                inFrame = false;
                countDropped();
            }
            startWaiting(packet.timestamp());
        }
        if (len <= 0 || !accepts(buf, off, len)) {
            return;
        }
        long ts = packet.timestamp();
        if (inFrame && ts != frameTimestamp) {
            completeFrame();
        }
        if (!inFrame) {
            if (!startsFrame(buf, off, len)) {
                return;
            }
            inFrame = true;
            broken = false;
            frameTimestamp = ts;
            frame.reset();
            beginFrame(buf, off, len);
        }
        if (!broken && !append(buf, off, len)) {
            broken = true;
        }
        if (endsFrame(packet, buf, off, len)) {
            completeFrame();
        }
    }

    private void completeFrame() {
        inFrame = false;
        if (broken || !endFrame()) {
            countDropped();
            startWaiting(frameTimestamp);
            return;
        }
        boolean keyframe = isKeyframe();
        if (waitingForKeyframe) {
            if (!keyframe) {
                countDropped();
                if (!requested || (int) (frameTimestamp - lastRequestTimestamp) >= CLOCK_RATE
                        || (int) (frameTimestamp - lastRequestTimestamp) < 0) {
                    requestKeyframe(frameTimestamp);
                }
                return;
            }
            waitingForKeyframe = false;
        }
        emit(frameData(), frameTimestamp, keyframe);
    }

    private void startWaiting(long timestamp) {
        if (!waitingForKeyframe) {
            waitingForKeyframe = true;
            requestKeyframe(timestamp);
        }
    }

    private void requestKeyframe(long timestamp) {
        requested = true;
        lastRequestTimestamp = timestamp;
        listener.onKeyframeNeeded();
    }

    @Override
    public final boolean isWaitingForKeyframe() {
        return waitingForKeyframe;
    }

    /** False to ignore the packet entirely (e.g. another spatial layer). */
    protected boolean accepts(byte[] buf, int off, int len) {
        return true;
    }

    /** True when the payload can open a frame: nothing of the frame was sent before it. */
    protected abstract boolean startsFrame(byte[] buf, int off, int len);

    /** Called once per frame before the first {@link #append}; resets per-frame state. */
    protected abstract void beginFrame(byte[] buf, int off, int len);

    /** Adds one payload to {@link #frame}; false when it is malformed (the frame is then dropped). */
    protected abstract boolean append(byte[] buf, int off, int len);

    protected boolean endsFrame(RtpPacket packet, byte[] buf, int off, int len) {
        return packet.marker();
    }

    /** Called when the last packet was appended; false when the frame turns out incomplete. */
    protected boolean endFrame() {
        return true;
    }

    /** Whether the assembled frame can start decoding on its own; asked after {@link #endFrame()}. */
    protected abstract boolean isKeyframe();

    /** The bytes handed on; by default a copy of {@link #frame}. */
    protected byte[] frameData() {
        return frame.toByteArray();
    }
}
