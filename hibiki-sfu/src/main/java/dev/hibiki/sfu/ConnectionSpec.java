package dev.hibiki.sfu;

import dev.hibiki.sdp.VideoCodecType;

/**
 * What a joining connection wants.
 *
 * @param connectionId     unique id; also the stream id (msid) of its tracks at the other connections
 * @param sends            it publishes its camera/microphone
 * @param receives         it receives the other senders
 * @param videoCodec       the one video codec to offer (both H264 profiles for H264), or null for all
 * @param videoBitRateKbps the video bit rate to ask the sender for, or null for the default
 * @param audioBitRateKbps the average Opus bit rate to ask the sender for, or null for its encoder's choice
 * @param stereo           the sender's Opus is stereo (and reaches viewers as stereo)
 * @param dataChannels     the offer has an SCTP section and the connection runs data channels over its DTLS
 */
public record ConnectionSpec(
        String connectionId,
        boolean sends,
        boolean receives,
        boolean audio,
        boolean video,
        VideoCodecType videoCodec,
        Integer videoBitRateKbps,
        Integer audioBitRateKbps,
        boolean stereo,
        boolean dataChannels) {

    /** Without data channels. */
    public ConnectionSpec(String connectionId, boolean sends, boolean receives, boolean audio, boolean video,
                          VideoCodecType videoCodec, Integer videoBitRateKbps, Integer audioBitRateKbps, boolean stereo) {
        this(connectionId, sends, receives, audio, video, videoCodec, videoBitRateKbps, audioBitRateKbps, stereo, false);
    }

    /** With the sender's own audio bit rate, mono. */
    public ConnectionSpec(String connectionId, boolean sends, boolean receives, boolean audio, boolean video,
                          VideoCodecType videoCodec, Integer videoBitRateKbps) {
        this(connectionId, sends, receives, audio, video, videoCodec, videoBitRateKbps, null, false, false);
    }
}
