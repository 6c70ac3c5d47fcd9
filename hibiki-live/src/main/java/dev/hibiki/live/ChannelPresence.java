package dev.hibiki.live;

import dev.hibiki.live.hls.HlsAudience;
import dev.hibiki.live.hls.HlsService;
import dev.hibiki.live.signaling.ChannelConnections;
import dev.hibiki.live.signaling.Role;
import dev.hibiki.live.signaling.SignalingEndpoint;

/**
 * A channel's connections, viewers and HLS output as products see them, and the one way a channel's traffic ends
 * when it is deleted (by DeleteChannel or by a product that owns it): connections closed, HLS output stopped,
 * its audience forgotten.
 */
final class ChannelPresence implements ChannelConnections, ChannelAudience {

    private final SignalingEndpoint signaling;
    private final HlsService hls;
    private final HlsAudience hlsAudience;

    ChannelPresence(SignalingEndpoint signaling, HlsService hls, HlsAudience hlsAudience) {
        this.signaling = signaling;
        this.hls = hls;
        this.hlsAudience = hlsAudience;
    }

    @Override
    public int connected(String channelId, Role role) {
        return signaling.connected(channelId, role);
    }

    @Override
    public int joined(String channelId, Role role) {
        return signaling.joined(channelId, role);
    }

    @Override
    public void disconnectAll(String channelId) {
        signaling.disconnectChannel(channelId);
        hls.channelDeleted(channelId);
        hlsAudience.channelDeleted(channelId);
    }

    @Override
    public int webRtcViewers(String channelId) {
        return signaling.connected(channelId, Role.RECVONLY) + signaling.connected(channelId, Role.SENDRECV);
    }

    @Override
    public int hlsViewers(String channelId) {
        return hlsAudience.viewers(channelId);
    }
}
