package dev.hibiki.sfu;

import java.util.concurrent.atomic.LongAdder;

/**
 * Running totals of one connection's media, for the stats API, the event webhooks and billing. Written from the
 * receive, send and timer threads, so each total is a {@link LongAdder}; reading a {@link #snapshot} is cheap enough
 * for an API call, not for a packet.
 */
public final class ConnectionStats {

    final LongAdder packetsReceived = new LongAdder();
    final LongAdder bytesReceived = new LongAdder();
    final LongAdder packetsSent = new LongAdder();
    final LongAdder bytesSent = new LongAdder();
    final LongAdder nacksReceived = new LongAdder();
    final LongAdder nackedPacketsRequested = new LongAdder();
    final LongAdder retransmissionsSent = new LongAdder();
    final LongAdder plisReceived = new LongAdder();
    final LongAdder plisSent = new LongAdder();
    final LongAdder firsSent = new LongAdder();
    private volatile long roundTripNanos = -1;

    void onRoundTrip(long nanos) {
        if (nanos >= 0) roundTripNanos = nanos;
    }

    /**
     * @param packetsReceived        SRTP/SRTCP packets received and authenticated
     * @param bytesReceived          their size on the wire
     * @param packetsSent            SRTP/SRTCP packets sent
     * @param bytesSent              their size on the wire
     * @param nacksReceived          NACK messages from this connection's browser (it receives from us)
     * @param nackedPacketsRequested packets Hibiki asked this connection's browser to resend (it sends to us)
     * @param retransmissionsSent    packets resent to this connection after its NACKs
     * @param plisReceived           PLI/FIR keyframe requests from this connection's browser
     * @param plisSent               PLI keyframe requests sent to this connection's browser
     * @param firsSent               FIR keyframe requests sent to this connection's browser
     * @param roundTripMillis        the last round-trip time from a receiver report, or -1 while unknown (a connection
     *                               that only sends never reports one)
     * @param jitterMillis           the largest interarrival jitter of the streams this connection sends, or -1
     */
    public record Snapshot(long packetsReceived, long bytesReceived, long packetsSent, long bytesSent,
                           long nacksReceived, long nackedPacketsRequested, long retransmissionsSent,
                           long plisReceived, long plisSent, long firsSent, double roundTripMillis,
                           double jitterMillis) {
    }

    Snapshot snapshot(double jitterMillis) {
        long rtt = roundTripNanos;
        return new Snapshot(packetsReceived.sum(), bytesReceived.sum(), packetsSent.sum(), bytesSent.sum(),
                nacksReceived.sum(), nackedPacketsRequested.sum(), retransmissionsSent.sum(), plisReceived.sum(),
                plisSent.sum(), firsSent.sum(), rtt < 0 ? -1 : rtt / 1e6, jitterMillis);
    }
}
