package dev.hibiki.live.channel;

/** What a channel was created for; decides whether it has an HLS ladder and whether it is multistream. */
public enum ChannelKind {
    /** One publisher, transcoded into the channel's HLS ladder (ImageFlux CreateChannel). */
    SINGLE_STREAM_HLS("single_stream_hls", true),
    /** Many publishers and subscribers over WebRTC only. */
    MULTISTREAM("multistream", false),
    /** Multistream, and each publishing connection gets its own HLS ladder. */
    MULTISTREAM_HLS("multistream_hls", true);

    private final String dbValue;
    private final boolean hls;

    ChannelKind(String dbValue, boolean hls) {
        this.dbValue = dbValue;
        this.hls = hls;
    }

    public String dbValue() { return dbValue; }

    public boolean hls() { return hls; }

    public static ChannelKind fromDb(String value) {
        for (ChannelKind k : values()) {
            if (k.dbValue.equals(value)) return k;
        }
        throw new IllegalStateException("unknown channel kind in database: " + value);
    }
}
