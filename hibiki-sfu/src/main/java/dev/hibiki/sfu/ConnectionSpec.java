package dev.hibiki.sfu;

/**
 * What a joining connection wants.
 *
 * @param connectionId     unique id; also the stream id (msid) of its tracks at the other connections
 * @param sends            it publishes its camera/microphone
 * @param receives         it receives the other senders
 * @param videoCodec       VP8, VP9, AV1 or H264 to offer only that codec, or null for all
 * @param videoBitRateKbps the video bit rate to ask the sender for, or null for the default
 */
public record ConnectionSpec(
        String connectionId,
        boolean sends,
        boolean receives,
        boolean audio,
        boolean video,
        String videoCodec,
        Integer videoBitRateKbps) {
}
