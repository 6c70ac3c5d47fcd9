package dev.hibiki.hls;

/**
 * One complete encoded frame out of the depacketizer. data: VP8/VP9 frame, H.264 Annex B access unit (with start
 * codes; SPS/PPS included before IDR when known), AV1 temporal unit in low-overhead OBU format (with temporal
 * delimiter), Opus packet.
 *
 * <p>{@code rtpTimestamp} is the RTP timestamp extended to 64 bits: it starts at the first frame's 32-bit value
 * and keeps counting across the 2^32 wrap-around, so it can serve as a presentation time in {@code clockRate}
 * units after subtracting the first value. {@code data} is owned by the receiver of the frame.
 */
public record EncodedFrame(Codec codec, byte[] data, long rtpTimestamp, int clockRate, boolean keyframe) {
    public enum Codec { VP8, VP9, H264, AV1, OPUS }
}
