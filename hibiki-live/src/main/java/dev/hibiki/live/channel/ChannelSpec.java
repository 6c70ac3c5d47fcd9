package dev.hibiki.live.channel;

import java.util.List;

/**
 * What a client asked for when creating a channel, already validated.
 *
 * @param hls             the ladder; empty for channels without HLS
 * @param authWebhookUrl  null when every connection is allowed
 * @param eventWebhookUrl null when no events are sent
 * @param encryptKeyUri   null when HLS segments are not encrypted
 * @param environment     ImageFlux's opaque environment number, or null
 */
public record ChannelSpec(
        ChannelKind kind,
        List<HlsRendition> hls,
        String authWebhookUrl,
        String eventWebhookUrl,
        String encryptKeyUri,
        Integer environment) {

    public ChannelSpec {
        hls = List.copyOf(hls);
    }
}
