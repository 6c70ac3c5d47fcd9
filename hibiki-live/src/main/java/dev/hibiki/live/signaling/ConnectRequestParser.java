package dev.hibiki.live.signaling;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Reads a {@code connect} message leniently, as every Sora SDK variant sends it (unknown keys ignored,
 * {@code metadata} may be null, {@code sdp} optional), and refuses what Hibiki cannot honour with a reason the
 * SDK will show.
 */
final class ConnectRequestParser {

    static final Set<String> VIDEO_CODECS = Set.of("VP8", "VP9", "AV1", "H264");

    private ConnectRequestParser() {
    }

    static ConnectRequest parse(JsonNode msg) throws SignalingException {
        return parse(msg, DataChannelPlan.Defaults.OFF);
    }

    /** @param defaults the server's data channel defaults, for a connect that does not say */
    static ConnectRequest parse(JsonNode msg, DataChannelPlan.Defaults defaults) throws SignalingException {
        Role role = Role.fromWire(text(msg, "role"));
        if (role == null) {
            throw new SignalingException("INVALID-ROLE: role must be sendrecv, sendonly or recvonly");
        }
        String channelId = text(msg, "channel_id");
        if (channelId == null || channelId.isEmpty()) {
            throw new SignalingException("MISSING-CHANNEL-ID: channel_id is required");
        }
        if (channelId.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new SignalingException("INVALID-CHANNEL-ID: channel_id must be at most 255 bytes");
        }
        if (channelId.chars().anyMatch(Character::isISOControl)) {
            // PostgreSQL text cannot hold U+0000 (the lookup would fail as an internal error), and no channel the
            // API creates has control characters.
            throw new SignalingException("INVALID-CHANNEL-ID: channel_id must not contain control characters");
        }
        String clientId = optionalId(msg, "client_id");
        String bundleId = optionalId(msg, "bundle_id");

        // simulcast and spotlight are accepted and not served: the offer says "simulcast": false and
        // "spotlight": false, and the SDKs then send one encoding and receive every stream, as Sora's SDKs expect
        // of a server without them.

        JsonNode audio = msg.get("audio");
        JsonNode video = msg.get("video");
        boolean hasAudio = audio == null || audio.isNull() || !audio.isBoolean() || audio.booleanValue();
        boolean hasVideo = video == null || video.isNull() || !video.isBoolean() || video.booleanValue();
        if (audio != null && !audio.isNull() && !audio.isBoolean() && !audio.isObject()) {
            throw new SignalingException("INVALID-AUDIO: audio must be true, false or an object");
        }
        if (video != null && !video.isNull() && !video.isBoolean() && !video.isObject()) {
            throw new SignalingException("INVALID-VIDEO: video must be true, false or an object");
        }
        String videoCodec = null;
        Integer videoBitRate = null;
        if (video != null && video.isObject()) {
            videoCodec = text(video, "codec_type");
            if (videoCodec != null && !VIDEO_CODECS.contains(videoCodec)) {
                throw new SignalingException("INVALID-VIDEO-CODEC-TYPE: video.codec_type " + videoCodec
                        + " is not supported; use VP8, VP9, AV1 or H264");
            }
            videoBitRate = bitRate(video, "video.bit_rate", 1, 15_000);
        }
        Integer audioBitRate = null;
        // Offered by default: a browser encodes stereo only when the offer says stereo=1, and a stereo source (as
        // sora-js-sdk's stereo tests send without asking) must reach viewers as stereo; a mono source costs nothing
        // more. opus_params.stereo false asks for mono.
        boolean stereo = true;
        if (audio != null && audio.isObject()) {
            JsonNode opus = audio.get("opus_params");
            if (opus != null && !opus.isNull()) {
                if (!opus.isObject()) throw new SignalingException("INVALID-AUDIO: audio.opus_params must be an object");
                JsonNode s = opus.get("stereo");
                if (s != null && !s.isNull() && !s.isBoolean()) {
                    throw new SignalingException("INVALID-AUDIO: audio.opus_params.stereo must be true or false");
                }
                if (s != null && !s.isNull()) stereo = s.booleanValue();
            }
            String audioCodec = text(audio, "codec_type");
            if (audioCodec != null && !audioCodec.equals("OPUS")) {
                throw new SignalingException("INVALID-AUDIO-CODEC-TYPE: audio.codec_type " + audioCodec
                        + " is not supported; use OPUS");
            }
            audioBitRate = bitRate(audio, "audio.bit_rate", 6, 510);
        }
        if (videoBitRate == null && msg.has("bit_rate")) {
            // The 2018 RICOH/THETA client puts the video bit rate at the top level.
            videoBitRate = bitRate(msg, "bit_rate", 1, 15_000);
        }
        DataChannelPlan dataChannels = DataChannelRequestParser.parse(msg, defaults);
        if (!hasAudio && !hasVideo && dataChannels.messaging().isEmpty()) {
            throw new SignalingException("INVALID-MEDIA: audio and video cannot both be false"
                    + " (unless data_channels asks for messaging)");
        }
        JsonNode multistreamNode = msg.get("multistream");
        Boolean multistream = multistreamNode != null && multistreamNode.isBoolean() ? multistreamNode.booleanValue() : null;
        JsonNode metadata = msg.get("metadata");
        return new ConnectRequest(role, channelId, clientId, bundleId, metadata, msg.get("signaling_notify_metadata"),
                hasAudio, hasVideo, videoCodec, videoBitRate, audioBitRate, multistream, text(msg, "sora_client"),
                stereo, dataChannels);
    }

    private static Integer bitRate(JsonNode parent, String path, int min, int max) throws SignalingException {
        JsonNode n = parent.get(path.substring(path.lastIndexOf('.') + 1));
        if (n == null || n.isNull()) return null;
        // canConvertToInt: asLong() of a BigInteger such as 2^64 + 100 wraps around into the range
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < min || n.intValue() > max) {
            throw new SignalingException("INVALID-BIT-RATE: " + path + " must be an integer from " + min + " to "
                    + max + " (kbps)");
        }
        return n.intValue();
    }

    private static String optionalId(JsonNode msg, String key) throws SignalingException {
        String v = text(msg, key);
        if (v == null || v.isEmpty()) return null;
        if (v.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new SignalingException("INVALID-" + key.toUpperCase().replace('_', '-') + ": " + key
                    + " must be at most 255 bytes");
        }
        return v;
    }

    static String text(JsonNode msg, String key) {
        JsonNode n = msg.get(key);
        return n != null && n.isTextual() ? n.textValue() : null;
    }
}
