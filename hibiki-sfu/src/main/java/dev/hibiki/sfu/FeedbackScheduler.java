package dev.hibiki.sfu;

import dev.hibiki.rtp.rtcp.ReportBlock;
import dev.hibiki.rtp.rtcp.RtcpCompoundBuilder;
import dev.hibiki.sdp.MediaKind;

import java.util.ArrayList;
import java.util.List;

/**
 * The periodic RTCP feedback to a publisher, in one compound packet per tick of the SFU's RTCP timer (every 50 ms):
 * NACKs for the packets its streams miss and transport-wide congestion feedback at every tick; a receiver report
 * and a REMB with the bit rate we want (the browser's estimate is capped by it) once a second. RTCP timer thread
 * only, which owns the buffer.
 */
final class FeedbackScheduler {

    static final long REPORT_INTERVAL_NANOS = 1_000_000_000L;
    private static final int MAX_NACKS = 64;

    private final long senderSsrc;
    private final MediaTransport transport;
    private final ConnectionStats stats;
    private final TransportCcArrivals arrivals;
    private final Integer requestedVideoKbps;

    private final RtcpCompoundBuilder out = new RtcpCompoundBuilder();
    private final byte[] buf = new byte[1500 + MediaTransport.SEND_HEADROOM];
    private final int[] nackSeqs = new int[MAX_NACKS];
    private long lastReceiverReportNanos;
    private long lastRembNanos;

    /**
     * @param senderSsrc         the SSRC this side's RTCP is sent from
     * @param requestedVideoKbps the bit rate the connection asked for, or null for the SFU's default
     */
    FeedbackScheduler(long senderSsrc, MediaTransport transport, ConnectionStats stats, TransportCcArrivals arrivals,
                      Integer requestedVideoKbps) {
        this.senderSsrc = senderSsrc;
        this.transport = transport;
        this.stats = stats;
        this.arrivals = arrivals;
        this.requestedVideoKbps = requestedVideoKbps;
    }

    /** Sends what is due at {@code nowNanos} about {@code streams} (the publisher's, in the answer's order). */
    void sendDue(List<IncomingStream> streams, long nowNanos, int defaultVideoKbps) {
        if (streams.isEmpty()) return;
        out.reset(buf, 0, buf.length - MediaTransport.SEND_HEADROOM);
        if (nowNanos - lastReceiverReportNanos >= REPORT_INTERVAL_NANOS) {
            lastReceiverReportNanos = nowNanos;
            addReceiverReport(streams, nowNanos);
        }
        for (IncomingStream s : streams) {
            int n = s.pendingNacks(nowNanos, nackSeqs);
            if (n > 0 && s.ssrc >= 0 && out.addNack(senderSsrc, s.ssrc, nackSeqs, 0, n)) {
                stats.nackedPacketsRequested.add(n);
            }
        }
        arrivals.addFeedback(out, senderSsrc, Math.max(streams.getFirst().ssrc, 0));
        if (nowNanos - lastRembNanos >= REPORT_INTERVAL_NANOS) {
            lastRembNanos = nowNanos;
            addRemb(streams, requestedVideoKbps != null ? requestedVideoKbps : defaultVideoKbps);
        }
        if (!out.isEmpty()) transport.sendRtcp(buf, 0, out.length());
    }

    private void addReceiverReport(List<IncomingStream> streams, long nowNanos) {
        List<ReportBlock> blocks = new ArrayList<>(streams.size());
        for (IncomingStream s : streams) {
            ReportBlock b = s.ssrc < 0 ? null : s.statistics.reportBlock(nowNanos);
            if (b != null) blocks.add(b);
        }
        if (!blocks.isEmpty()) out.addReceiverReport(senderSsrc, blocks);
    }

    private void addRemb(List<IncomingStream> streams, int kbps) {
        long[] videoSsrcs = streams.stream().filter(s -> s.kind == MediaKind.VIDEO && s.ssrc >= 0)
                .mapToLong(s -> s.ssrc).toArray();
        if (videoSsrcs.length > 0) out.addRemb(senderSsrc, kbps * 1000L, videoSsrcs);
    }
}
