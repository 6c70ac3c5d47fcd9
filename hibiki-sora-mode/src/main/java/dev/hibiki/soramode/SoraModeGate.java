package dev.hibiki.soramode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hibiki.live.channel.Channel;
import dev.hibiki.live.channel.ChannelKind;
import dev.hibiki.live.channel.ChannelService;
import dev.hibiki.live.channel.ChannelSpec;
import dev.hibiki.live.signaling.ConnectGate;
import dev.hibiki.live.signaling.Role;
import dev.hibiki.live.signaling.SignalingException;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Sora's channel model for every channel id the ImageFlux API did not create: the channel exists while it has
 * connections (a multistream channel, never stored). A connect is admitted by the secret key (plain or as an HS256
 * JWT, whose claims are payouts), else by the operator's auth webhook when one is set, else refused; with
 * {@code open}, every connect is admitted.
 */
final class SoraModeGate implements ConnectGate {

    private final ChannelService channels;
    private final SoraModeSettings settings;
    private final AccessTokenCheck tokens;
    private final String ownerTokenId;

    /** @param ownerTokenId the platform token the channels' usage is recorded under */
    SoraModeGate(ChannelService channels, SoraModeSettings settings, AccessTokenCheck tokens, String ownerTokenId) {
        this.channels = channels;
        this.settings = settings;
        this.tokens = tokens;
        this.ownerTokenId = ownerTokenId;
    }

    @Override
    public Admission admit(String channelId, Role role, JsonNode metadata) throws SignalingException {
        if (channels.findLive(channelId).isPresent()) return null;
        if (settings.open()) return new Admission(channelId, true, channel(channelId, null), JsonNodeFactory.instance.objectNode());
        JsonNode token = metadata == null ? null : metadata.get("access_token");
        if (tokens != null && token != null && token.isTextual()) {
            try {
                ObjectNode payouts = tokens.check(token.textValue(), channelId);
                return new Admission(channelId, true, channel(channelId, null), payouts);
            } catch (AccessTokenCheck.Refused e) {
                if (settings.authWebhookUrl() == null) throw new SignalingException("INVALID-ACCESS-TOKEN: " + e.getMessage());
            }
        }
        if (settings.authWebhookUrl() != null) {
            return new Admission(channelId, true, channel(channelId, settings.authWebhookUrl()), null);
        }
        throw new SignalingException("INVALID-ACCESS-TOKEN: metadata.access_token is required (the server's secret"
                + " key, or an HS256 JWT signed with it)");
    }

    private Channel channel(String id, String authWebhookUrl) {
        ChannelSpec spec = new ChannelSpec(ChannelKind.MULTISTREAM, List.of(), authWebhookUrl,
                settings.eventWebhookUrl(), null, null);
        return new Channel(id, ownerTokenId, spec, null, OffsetDateTime.now(ZoneOffset.UTC));
    }
}
