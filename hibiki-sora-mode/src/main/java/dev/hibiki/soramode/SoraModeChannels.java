package dev.hibiki.soramode;

import dev.hibiki.live.channel.ChannelService;
import dev.hibiki.live.sora.ChannelScope;
import dev.hibiki.live.sora.SoraApis;

import java.util.List;

/**
 * The Sora-mode channels as the private Sora API sees them: every channel id that is not a stored channel (those
 * belong to the access tokens that created them, on the public API).
 */
final class SoraModeChannels implements ChannelScope {

    private final ChannelService channels;
    private final SoraApis apis;

    SoraModeChannels(ChannelService channels, SoraApis apis) {
        this.channels = channels;
        this.apis = apis;
    }

    @Override
    public boolean includes(String callerId, String channelId) {
        return channels.findLive(channelId).isEmpty();
    }

    @Override
    public List<String> channelIds(String callerId) {
        return apis.activeChannelIds().stream().filter(id -> channels.findLive(id).isEmpty()).toList();
    }

    @Override
    public String notFoundHint() {
        return "is a Sora-mode channel: it was created with the ImageFlux API, so its token's API serves it";
    }
}
