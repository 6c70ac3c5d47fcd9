package dev.hibiki.hls.rtp;

import dev.hibiki.hls.EncodedFrame;
import dev.hibiki.rtp.RtpPacket;

import java.util.Arrays;

/**
 * Opus (RFC 7587): one RTP payload is one Opus packet. Losses need no special handling here, the decoder
 * conceals them; with DTX the sender stops sending during silence, so timestamps may jump forward.
 */
public final class OpusDepacketizer extends Depacketizer {
    public static final int CLOCK_RATE = 48_000;

    public OpusDepacketizer(FrameListener listener) {
        super(listener);
    }

    @Override
    public void onPacket(RtpPacket packet, int lostBefore) {
        int len = packet.payloadLength();
        if (len <= 0) {
            return;
        }
        int off = packet.payloadOffset();
        emit(Arrays.copyOfRange(packet.buffer(), off, off + len), packet.timestamp(), true);
    }

    @Override
    public EncodedFrame.Codec codec() {
        return EncodedFrame.Codec.OPUS;
    }

    @Override
    public int clockRate() {
        return CLOCK_RATE;
    }
}
