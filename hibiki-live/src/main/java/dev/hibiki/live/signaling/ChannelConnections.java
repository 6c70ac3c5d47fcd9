package dev.hibiki.live.signaling;

/** The signaling connections of a channel, as features built on live channels see them. */
public interface ChannelConnections {

    /** Connections of the channel in this role whose media is up. */
    int connected(String channelId, Role role);

    /** Connections of the channel in this role that joined it, whether their media is up yet or not. */
    int joined(String channelId, Role role);

    /**
     * Closes every connection of the channel with 1000 {@code DISCONNECTED-API} and ends its media routing (and, as
     * live provides it to products, its HLS output): for a channel its product deleted.
     */
    void disconnectAll(String channelId);
}
