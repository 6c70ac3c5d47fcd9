package dev.hibiki.live;

/** Who is watching a channel right now, for products that show it to a broadcaster. */
public interface ChannelAudience {

    /** Viewers whose WebRTC media is up (recvonly and sendrecv connections). */
    int webRtcViewers(String channelId);

    /** Players that read the channel's HLS playlists within the last seconds (see {@code HlsAudience}). */
    int hlsViewers(String channelId);
}
