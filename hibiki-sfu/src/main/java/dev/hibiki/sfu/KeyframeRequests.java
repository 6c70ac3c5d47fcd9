package dev.hibiki.sfu;

import dev.hibiki.rtp.rtcp.RtcpCompoundBuilder;

import java.util.function.Predicate;

/**
 * Sends a publisher the keyframe requests its streams' subscribers and taps need: PLI, or FIR (RFC 5104) for
 * senders that do not answer PLI. How often is the stream's decision ({@link IncomingStream#requestKeyframe}).
 */
final class KeyframeRequests {

    private final long senderSsrc;
    private final MediaTransport transport;
    private final ConnectionStats stats;

    /** @param senderSsrc the SSRC this side's RTCP is sent from */
    KeyframeRequests(long senderSsrc, MediaTransport transport, ConnectionStats stats) {
        this.senderSsrc = senderSsrc;
        this.transport = transport;
        this.stats = stats;
    }

    void sendPli(long mediaSsrc) {
        if (mediaSsrc >= 0 && send(out -> out.addPli(senderSsrc, mediaSsrc))) stats.plisSent.increment();
    }

    void sendFir(long mediaSsrc, int sequenceNumber) {
        if (mediaSsrc >= 0 && send(out -> out.addFir(senderSsrc, mediaSsrc, sequenceNumber))) {
            stats.firsSent.increment();
        }
    }

    /**
     * Requests come from the receive thread, the send workers and the HLS taps, so each gets a small buffer of its
     * own rather than sharing the feedback timer's.
     */
    private boolean send(Predicate<RtcpCompoundBuilder> add) {
        byte[] b = new byte[64];
        RtcpCompoundBuilder out = new RtcpCompoundBuilder().reset(b, 0, b.length - MediaTransport.SEND_HEADROOM);
        return add.test(out) && transport.sendRtcp(b, 0, out.length());
    }
}
