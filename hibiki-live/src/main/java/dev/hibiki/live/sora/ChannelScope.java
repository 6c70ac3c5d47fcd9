package dev.hibiki.live.sora;

import dev.hibiki.live.channel.ChannelService;

import java.util.List;

/** Which channels a caller of the Sora API may act on: another's answer exactly like unknown ones. */
public interface ChannelScope {

    boolean includes(String callerId, String channelId);

    /** The channels {@code Sora_20201013.ListConnections} goes through. */
    List<String> channelIds(String callerId);

    /** Told to a caller whose channel is out of scope: where its channels come from. */
    String notFoundHint();

    /** The public API's scope: the channels the calling access token created. */
    static ChannelScope ofTokens(ChannelService channels) {
        return new ChannelScope() {
            @Override
            public boolean includes(String tokenId, String channelId) {
                return channels.find(tokenId, channelId).isPresent();
            }

            @Override
            public List<String> channelIds(String tokenId) {
                return channels.listIds(tokenId);
            }

            @Override
            public String notFoundHint() {
                return "exists for this access token; list yours with ImageFlux_20200729.ListChannelIDs";
            }
        };
    }
}
