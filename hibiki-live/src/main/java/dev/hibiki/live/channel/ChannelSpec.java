package dev.hibiki.live.channel;

import java.util.List;
import java.util.Set;

/**
 * What a client asked for when creating a channel, already validated.
 *
 * @param hls                the ladder; empty for channels without HLS
 * @param authWebhookUrl     null when every connection is allowed
 * @param eventWebhookUrl    null when no events are sent
 * @param encryptKeyUri      null when HLS segments are not encrypted
 * @param environment        ImageFlux's opaque environment number, or null
 * @param iceTransportPolicy the offers' {@code iceTransportPolicy} for this channel ({@code all} or {@code relay}),
 *                           or null to keep the server's
 */
public record ChannelSpec(
        ChannelKind kind,
        List<HlsRendition> hls,
        String authWebhookUrl,
        String eventWebhookUrl,
        String encryptKeyUri,
        Integer environment,
        String iceTransportPolicy) {

    /** The values {@link #iceTransportPolicy} may take, as WebRTC's RTCIceTransportPolicy names them. */
    public static final Set<String> ICE_TRANSPORT_POLICIES = Set.of("all", "relay");

    public ChannelSpec {
        hls = List.copyOf(hls);
        if (iceTransportPolicy != null && !ICE_TRANSPORT_POLICIES.contains(iceTransportPolicy)) {
            throw new IllegalArgumentException("iceTransportPolicy must be all or relay, not " + iceTransportPolicy);
        }
    }

    /** A channel that keeps the server's ICE transport policy. */
    public ChannelSpec(ChannelKind kind, List<HlsRendition> hls, String authWebhookUrl, String eventWebhookUrl,
                       String encryptKeyUri, Integer environment) {
        this(kind, hls, authWebhookUrl, eventWebhookUrl, encryptKeyUri, environment, null);
    }

    /** This channel's ICE transport policy, else the server's. */
    public String iceTransportPolicyOr(String serverPolicy) {
        return iceTransportPolicy != null ? iceTransportPolicy : serverPolicy;
    }
}
