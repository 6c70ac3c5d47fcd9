package dev.hibiki.live.signaling;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A validated {@code connect} message.
 *
 * @param clientId         null when the client sent none (it then defaults to the connection id)
 * @param bundleId         null when the client sent none
 * @param metadata         {@code connect.metadata} as sent (may be a JSON null); becomes {@code authn_metadata}
 * @param videoCodec       VP8, VP9, AV1 or H264 when the client asked for one, else null (server's choice)
 * @param videoBitRateKbps requested video bit rate in kbps, or null
 * @param audioBitRateKbps requested audio bit rate in kbps, or null
 * @param multistream      the client's {@code multistream} flag, or null when absent
 * @param opusStereo       the sender's Opus may be stereo: {@code audio.opus_params.stereo}, true when absent
 * @param dataChannels     the data channels asked for ({@link DataChannelPlan#NONE} when none)
 */
public record ConnectRequest(
        Role role,
        String channelId,
        String clientId,
        String bundleId,
        JsonNode metadata,
        JsonNode signalingNotifyMetadata,
        boolean audio,
        boolean video,
        String videoCodec,
        Integer videoBitRateKbps,
        Integer audioBitRateKbps,
        Boolean multistream,
        String soraClient,
        boolean opusStereo,
        DataChannelPlan dataChannels) {

    /** The same request for another channel (a {@link ConnectGate} named the one to join). */
    public ConnectRequest withChannelId(String id) {
        return new ConnectRequest(role, id, clientId, bundleId, metadata, signalingNotifyMetadata, audio, video,
                videoCodec, videoBitRateKbps, audioBitRateKbps, multistream, soraClient, opusStereo, dataChannels);
    }
}
