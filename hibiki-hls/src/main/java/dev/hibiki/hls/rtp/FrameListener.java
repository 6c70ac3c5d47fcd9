package dev.hibiki.hls.rtp;

import dev.hibiki.hls.EncodedFrame;

/** Receives what a {@link Depacketizer} produces; called on the thread that feeds the depacketizer. */
public interface FrameListener {
    /** A complete, intact frame. Video frames start with a keyframe and follow an unbroken reference chain. */
    void onFrame(EncodedFrame frame);

    /**
     * Video was lost and frames are being dropped until a keyframe arrives: the caller should send a PLI/FIR to
     * the sender. Called when the loss happens and again about once a second (in RTP time) while still waiting.
     */
    default void onKeyframeNeeded() {}
}
