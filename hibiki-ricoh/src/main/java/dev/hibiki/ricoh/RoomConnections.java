package dev.hibiki.ricoh;

/**
 * What the signaling side knows of a room's channel: how many clients broadcast and watch, and how to close them
 * when the room is deleted. Live's signaling does not offer this to other features yet, so the feature runs with
 * {@link #NONE} (counts 0, nothing to close) until live provides an implementation through {@code Platform.provide}.
 */
public interface RoomConnections {

    /** Broadcasting (upstream) connections of the channel. */
    int upCount(String channelId);

    /** Viewing (downstream) connections of the channel. */
    int downCount(String channelId);

    /** Closes every connection of the channel (its room was deleted). */
    void closeAll(String channelId);

    RoomConnections NONE = new RoomConnections() {
        @Override
        public int upCount(String channelId) {
            return 0;
        }

        @Override
        public int downCount(String channelId) {
            return 0;
        }

        @Override
        public void closeAll(String channelId) {
        }
    };
}
