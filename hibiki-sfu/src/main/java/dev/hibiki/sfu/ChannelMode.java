package dev.hibiki.sfu;

/** How many senders a channel takes. */
public enum ChannelMode {
    /** One sender at a time (ImageFlux CreateChannel); a second sender is refused. */
    SINGLE_STREAM,
    /** Any number of senders; every receiving connection gets every sender. */
    MULTISTREAM
}
