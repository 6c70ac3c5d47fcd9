package dev.hibiki.sctp;

/**
 * How a data channel delivers (RFC 8831 section 6.1). At most one of {@code maxRetransmits} and {@code
 * maxPacketLifeTimeMs} may be set; with neither the channel is reliable.
 *
 * @param ordered whether messages are delivered in the order sent
 * @param maxRetransmits how often a message is retransmitted before it is abandoned, or null
 * @param maxPacketLifeTimeMs how long a message is (re)transmitted before it is abandoned, or null
 * @param protocol the subprotocol named in DATA_CHANNEL_OPEN
 * @param negotiatedId the stream id both ends agreed on out of band (no DCEP), or null for an id chosen here
 */
public record DataChannelOptions(boolean ordered, Integer maxRetransmits, Integer maxPacketLifeTimeMs, String protocol,
                                 Integer negotiatedId) {
    public DataChannelOptions {
        if (maxRetransmits != null && maxPacketLifeTimeMs != null) {
            throw new IllegalArgumentException("maxRetransmits and maxPacketLifeTimeMs are exclusive");
        }
        if ((maxRetransmits != null && maxRetransmits < 0) || (maxPacketLifeTimeMs != null && maxPacketLifeTimeMs < 0)) {
            throw new IllegalArgumentException("reliability parameters must not be negative");
        }
        if (negotiatedId != null && (negotiatedId < 0 || negotiatedId > 65534)) {
            throw new IllegalArgumentException("negotiatedId must be 0..65534");
        }
        protocol = protocol == null ? "" : protocol;
    }

    /** Ordered and reliable, no subprotocol, id chosen here. */
    public static DataChannelOptions reliable() {
        return new DataChannelOptions(true, null, null, "", null);
    }
}
