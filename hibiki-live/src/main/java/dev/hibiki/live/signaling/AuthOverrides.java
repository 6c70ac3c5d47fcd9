package dev.hibiki.live.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * Applies the "payout" fields of an auth webhook's {@code allowed:true} answer that Hibiki supports (Sora's auth
 * webhook documentation; docs/API.md, "Auth webhook") to the client's connect request. A field of the wrong type
 * refuses the connection: the customer's webhook has a bug, and silently ignoring it would hide it.
 */
final class AuthOverrides {

    private AuthOverrides() {
    }

    static ConnectRequest apply(ConnectRequest r, ObjectNode answer) throws SignalingException {
        String clientId = string(answer, "client_id", r.clientId());
        String bundleId = string(answer, "bundle_id", r.bundleId());
        boolean audio = r.audio();
        boolean video = r.video();
        String videoCodec = r.videoCodec();
        Integer videoBitRate = r.videoBitRateKbps();
        Integer audioBitRate = r.audioBitRateKbps();
        JsonNode a = answer.get("audio");
        if (a != null && !a.isNull()) {
            if (a.isBoolean()) audio = a.booleanValue();
            else if (a.isObject()) {
                audio = true;
                codec(a.get("codec_type"), "audio.codec_type", java.util.Set.of("OPUS"));
                audioBitRate = bitRate(a.get("bit_rate"), "audio.bit_rate", 6, 510, audioBitRate);
            } else throw invalid("audio must be a boolean or an object");
        }
        JsonNode v = answer.get("video");
        if (v != null && !v.isNull()) {
            if (v.isBoolean()) video = v.booleanValue();
            else if (v.isObject()) {
                video = true;
                String c = codec(v.get("codec_type"), "video.codec_type", ConnectRequestParser.VIDEO_CODECS);
                if (c != null) videoCodec = c;
                videoBitRate = bitRate(v.get("bit_rate"), "video.bit_rate", 1, 15_000, videoBitRate);
            } else throw invalid("video must be a boolean or an object");
        }
        codec(answer.get("audio_codec_type"), "audio_codec_type", java.util.Set.of("OPUS"));
        audioBitRate = bitRate(answer.get("audio_bit_rate"), "audio_bit_rate", 6, 510, audioBitRate);
        String vc = codec(answer.get("video_codec_type"), "video_codec_type", ConnectRequestParser.VIDEO_CODECS);
        if (vc != null) videoCodec = vc;
        videoBitRate = bitRate(answer.get("video_bit_rate"), "video_bit_rate", 1, 15_000, videoBitRate);
        DataChannelPlan dc = r.dataChannels();
        boolean dcSignaling = flag(answer, "data_channel_signaling", dc.signaling());
        boolean ignoreWs = flag(answer, "ignore_disconnect_websocket", dc.ignoreDisconnectWebSocket()) && dcSignaling;
        List<DataChannelPlan.MessagingLabel> labels = dc.messaging();
        if (answer.hasNonNull("data_channels")) {
            try {
                labels = DataChannelRequestParser.labels(answer.get("data_channels"));
            } catch (SignalingException e) {
                throw invalid(e.getMessage());
            }
        }
        if (!audio && !video && labels.isEmpty()) throw invalid("audio and video cannot both be false");
        if (dcSignaling != dc.signaling() || ignoreWs != dc.ignoreDisconnectWebSocket() || labels != dc.messaging()) {
            dc = new DataChannelPlan(dcSignaling, ignoreWs, labels);
        }
        JsonNode notifyMetadata = answer.has("signaling_notify_metadata")
                ? answer.get("signaling_notify_metadata") : r.signalingNotifyMetadata();
        return new ConnectRequest(r.role(), r.channelId(), clientId, bundleId, r.metadata(), notifyMetadata, audio,
                video, videoCodec, videoBitRate, audioBitRate, r.multistream(), r.soraClient(), r.opusStereo(), dc);
    }

    private static boolean flag(ObjectNode answer, String key, boolean fallback) throws SignalingException {
        JsonNode n = answer.get(key);
        if (n == null || n.isNull()) return fallback;
        if (!n.isBoolean()) throw invalid(key + " must be true or false");
        return n.booleanValue();
    }

    /** The answer's {@code signaling_notify}: false stops notify messages to this connection. */
    static boolean signalingNotify(ObjectNode answer) throws SignalingException {
        JsonNode n = answer.get("signaling_notify");
        if (n == null || n.isNull()) return true;
        if (!n.isBoolean()) throw invalid("signaling_notify must be a boolean");
        return n.booleanValue();
    }

    private static String string(ObjectNode answer, String key, String fallback) throws SignalingException {
        JsonNode n = answer.get(key);
        if (n == null || n.isNull()) return fallback;
        if (!n.isTextual() || n.textValue().isEmpty() || n.textValue().length() > 255) {
            throw invalid(key + " must be a string of 1 to 255 characters");
        }
        return n.textValue();
    }

    private static String codec(JsonNode n, String path, java.util.Set<String> allowed) throws SignalingException {
        if (n == null || n.isNull()) return null;
        if (!n.isTextual() || !allowed.contains(n.textValue())) {
            throw invalid(path + " must be one of " + String.join(", ", new java.util.TreeSet<>(allowed)));
        }
        return n.textValue();
    }

    private static Integer bitRate(JsonNode n, String path, int min, int max, Integer fallback) throws SignalingException {
        if (n == null || n.isNull()) return fallback;
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < min || n.intValue() > max) {
            throw invalid(path + " must be an integer from " + min + " to " + max + " (kbps)");
        }
        return n.intValue();
    }

    /** The refusal of an answer field of the wrong type; also for {@link RelayChoice}'s fields. */
    static SignalingException invalid(String what) {
        return new SignalingException("INVALID-AUTH-WEBHOOK-RESPONSE: " + what);
    }
}
