package dev.hibiki.sfu;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;

/**
 * Running totals of one connection's media, for the stats API, the event webhooks and billing. Written from the
 * receive, send and timer threads, so each total is a {@link LongAdder}, except the two sent totals: a fan-out
 * updates them for every subscriber in turn, and two adders are two more objects out of the CPU cache per packet,
 * so they are fields of this object updated atomically. Reading a {@link #snapshot} is cheap enough for an API call,
 * not for a packet.
 */
public final class ConnectionStats {

    private static final VarHandle PACKETS_SENT;
    private static final VarHandle BYTES_SENT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PACKETS_SENT = lookup.findVarHandle(ConnectionStats.class, "packetsSent", long.class);
            BYTES_SENT = lookup.findVarHandle(ConnectionStats.class, "bytesSent", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final LongAdder packetsReceived = new LongAdder();
    final LongAdder bytesReceived = new LongAdder();
    @SuppressWarnings("unused") // through PACKETS_SENT
    private volatile long packetsSent;
    @SuppressWarnings("unused") // through BYTES_SENT
    private volatile long bytesSent;
    final LongAdder nacksReceived = new LongAdder();
    final LongAdder nackedPacketsRequested = new LongAdder();
    final LongAdder retransmissionsSent = new LongAdder();
    final LongAdder plisReceived = new LongAdder();
    final LongAdder plisSent = new LongAdder();
    final LongAdder firsSent = new LongAdder();
    private volatile long roundTripNanos = -1;

    /** One SRTP/SRTCP packet of {@code bytes} on the wire went out. */
    void onSent(int bytes) {
        PACKETS_SENT.getAndAdd(this, 1L);
        BYTES_SENT.getAndAdd(this, (long) bytes);
    }

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
        return new Snapshot(packetsReceived.sum(), bytesReceived.sum(), packetsSent, bytesSent,
                nacksReceived.sum(), nackedPacketsRequested.sum(), retransmissionsSent.sum(), plisReceived.sum(),
                plisSent.sum(), firsSent.sum(), rtt < 0 ? -1 : rtt / 1e6, jitterMillis);
    }
}
