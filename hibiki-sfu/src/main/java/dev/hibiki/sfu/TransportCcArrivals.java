package dev.hibiki.sfu;

import dev.hibiki.rtp.rtcp.RtcpCompoundBuilder;
import dev.hibiki.rtp.rtcp.TransportCcFeedbackBuilder;
import dev.hibiki.rtp.rtcp.TransportCcRecorder;

/**
 * When each transport-wide sequence number of a publisher's RTP arrived, turned into transport-wide congestion
 * control feedback for the publisher's bandwidth estimate. The receive thread records, the RTCP timer reports.
 *
 * <p>The tables are created with the first packet that carries a transport-wide sequence number: together they
 * are 84 KB, and a connection that only receives (most of a large audience) never needs them.
 */
final class TransportCcArrivals {

    private static final int CAPACITY = 4096;

    private TransportCcRecorder recorder; // guarded by this
    private TransportCcFeedbackBuilder builder; // created with the recorder; then used by the RTCP timer only

    /** Receive thread. */
    synchronized void record(int transportSequenceNumber, long arrivalNanos) {
        if (recorder == null) {
            recorder = new TransportCcRecorder(CAPACITY);
            builder = new TransportCcFeedbackBuilder(CAPACITY);
        }
        recorder.onPacket(transportSequenceNumber, arrivalNanos / 1000);
    }

    /** Adds feedback on the arrivals not reported yet to {@code out}, if there are any; RTCP timer. */
    void addFeedback(RtcpCompoundBuilder out, long senderSsrc, long mediaSsrc) {
        TransportCcFeedbackBuilder filled = null;
        synchronized (this) {
            if (recorder != null && recorder.fill(builder, senderSsrc, mediaSsrc)) filled = builder;
        }
        if (filled != null) out.addTransportCc(filled);
    }
}
