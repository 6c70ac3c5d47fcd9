package dev.hibiki.sctp;

/**
 * Counters of one association since it was made.
 *
 * @param packetsReceived packets handed to {@link SctpAssociation#onPacket}
 * @param bytesReceived their bytes
 * @param packetsSent packets handed to the sender
 * @param bytesSent their bytes
 * @param packetsDropped packets not processed: malformed ones included, wrong checksum, port or verification tag
 * @param malformedPackets packets whose header or chunks did not parse (a part of {@code packetsDropped})
 * @param chunksRetransmitted DATA chunks sent again (timeout or fast retransmit)
 * @param messagesSent messages queued by channels (DCEP messages included)
 * @param messagesReceived whole messages received (DCEP messages included)
 * @param messagesAbandoned partially reliable messages given up on (RFC 3758)
 */
public record SctpStats(long packetsReceived, long bytesReceived, long packetsSent, long bytesSent, long packetsDropped,
                        long malformedPackets, long chunksRetransmitted, long messagesSent, long messagesReceived,
                        long messagesAbandoned) {}
