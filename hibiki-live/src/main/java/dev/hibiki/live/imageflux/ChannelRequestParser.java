package dev.hibiki.live.imageflux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hibiki.live.channel.AudioBitrates;
import dev.hibiki.live.channel.ChannelKind;
import dev.hibiki.live.channel.ChannelSpec;
import dev.hibiki.live.channel.HlsRendition;
import dev.hibiki.net.DestinationNotAllowedException;
import dev.hibiki.net.OutboundAddressPolicy;
import dev.hibiki.platform.http.ApiException;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.hibiki.platform.http.JsonFields.array;
import static dev.hibiki.platform.http.JsonFields.integer;
import static dev.hibiki.platform.http.JsonFields.number;
import static dev.hibiki.platform.http.JsonFields.object;
import static dev.hibiki.platform.http.JsonFields.oneOf;
import static dev.hibiki.platform.http.JsonFields.string;
import static dev.hibiki.platform.http.JsonFields.url;

/** Validates the body of the ImageFlux channel-creating operations into a {@link ChannelSpec}. */
public final class ChannelRequestParser {

    private static final Set<String> WEBHOOK_SCHEMES = Set.of("http", "https");
    private static final Set<String> KEY_URI_SCHEMES = Set.of("https");

    private ChannelRequestParser() {
    }

    static ChannelSpec parse(ObjectNode body, ChannelKind kind, OutboundAddressPolicy webhooks) {
        List<HlsRendition> hls = kind.hls() ? ladder(body) : List.of();
        String auth = webhook(body, "auth_webhook_url", webhooks);
        String event = webhook(body, "event_webhook_url", webhooks);
        String encryptKeyUri = kind.hls() ? url(body, "", "encrypt_key_uri", KEY_URI_SCHEMES) : null;
        Long environment = kind == ChannelKind.SINGLE_STREAM_HLS ? null
                : integer(body, "", "environment", false, 0, Integer.MAX_VALUE);
        String iceTransportPolicy = oneOf(body, "", "ice_transport_policy", ChannelSpec.ICE_TRANSPORT_POLICIES);
        return new ChannelSpec(kind, hls, auth, event, encryptKeyUri,
                environment == null ? null : environment.intValue(), iceTransportPolicy);
    }

    /** A webhook URL whose host is not, and does not resolve to, a private address (unless the operator allows it). */
    private static String webhook(ObjectNode body, String name, OutboundAddressPolicy webhooks) {
        String url = url(body, "", name, WEBHOOK_SCHEMES);
        if (url == null) return null;
        try {
            webhooks.checkNamed(name, URI.create(url).getHost());
        } catch (DestinationNotAllowedException e) {
            throw ApiException.invalid(e.getMessage());
        }
        return url;
    }

    private static List<HlsRendition> ladder(ObjectNode body) {
        return ladder(array(body, "", "hls", true), "hls");
    }

    /**
     * Validates an HLS ladder exactly as CreateChannel validates its {@code hls}, for products that take the same
     * array under another name (the Live Streaming Option's {@code imageflux_params}).
     *
     * @param name how the error messages name the field, for example {@code imageflux_params}
     */
    public static List<HlsRendition> parseHlsLadder(ObjectNode parent, String name) {
        return ladder(array(parent, "", name, true), name);
    }

    private static List<HlsRendition> ladder(ArrayNode entries, String name) {
        if (entries.isEmpty()) {
            throw ApiException.invalid(name + " must list at least one rendition, such as "
                    + "{\"durationSeconds\":1,\"startTimeOffset\":-2,\"video\":{\"width\":640,\"height\":360,\"fps\":30,\"bps\":500000}}");
        }
        if (entries.size() > HlsRendition.MAX_RENDITIONS) {
            throw ApiException.invalid(name + " may list at most " + HlsRendition.MAX_RENDITIONS + " renditions (got "
                    + entries.size() + ")");
        }
        List<HlsRendition> ladder = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            ladder.add(rendition(entries.get(i), name + "[" + i + "]"));
        }
        return ladder;
    }

    private static HlsRendition rendition(JsonNode node, String path) {
        if (!node.isObject()) throw ApiException.invalid(path + " must be an object");
        ObjectNode entry = (ObjectNode) node;
        double duration = number(entry, path, "durationSeconds", true, 0.0, HlsRendition.MAX_DURATION_SECONDS);
        if (duration < HlsRendition.MIN_DURATION_SECONDS) {
            // Shorter segments cost a file, a playlist update and a request per viewer each: a segment per frame
            // would let one channel flood the disk and the players.
            throw ApiException.invalid(path + ".durationSeconds must be from " + HlsRendition.MIN_DURATION_SECONDS
                    + " to " + (int) HlsRendition.MAX_DURATION_SECONDS + " (got " + entry.get("durationSeconds").asText() + ")");
        }
        Double startOffset = number(entry, path, "startTimeOffset", false, null, 86_400);
        if (startOffset != null && startOffset < -86_400) {
            throw ApiException.invalid(path + ".startTimeOffset must be at least -86400 (got " + startOffset + ")");
        }

        String videoPath = path + ".video";
        ObjectNode video = object(entry, path, "video", true);
        int width = integer(video, videoPath, "width", true, HlsRendition.MIN_DIMENSION, HlsRendition.MAX_DIMENSION).intValue();
        int height = integer(video, videoPath, "height", true, HlsRendition.MIN_DIMENSION, HlsRendition.MAX_DIMENSION).intValue();
        int fps = integer(video, videoPath, "fps", true, HlsRendition.MIN_FPS, HlsRendition.MAX_FPS).intValue();
        long videoBps = integer(video, videoPath, "bps", true, 1, HlsRendition.MAX_VIDEO_BPS);
        String codec = oneOf(video, videoPath, "codec", Set.copyOf(HlsRendition.VIDEO_CODECS));

        ObjectNode audio = object(entry, path, "audio", false);
        int audioBps = AudioBitrates.DEFAULT;
        if (audio != null) {
            Long requested = integer(audio, path + ".audio", "bps", false, Long.MIN_VALUE, Long.MAX_VALUE);
            if (requested != null) audioBps = AudioBitrates.snap(requested);
        }

        ObjectNode archive = object(entry, path, "archive", false);
        String archiveId = archive == null ? null : string(archive, path + ".archive", "archive_destination_id", false, 128);
        if (archiveId != null && archiveId.isEmpty()) archiveId = null;

        return new HlsRendition(duration, startOffset, width, height, fps, videoBps, codec, audioBps, archiveId);
    }
}
