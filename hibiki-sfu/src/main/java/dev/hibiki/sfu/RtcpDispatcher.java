package dev.hibiki.sfu;

import dev.hibiki.rtp.rtcp.FirPacket;
import dev.hibiki.rtp.rtcp.NackPacket;
import dev.hibiki.rtp.rtcp.PliPacket;
import dev.hibiki.rtp.rtcp.ReceiverReport;
import dev.hibiki.rtp.rtcp.ReportBlock;
import dev.hibiki.rtp.rtcp.RtcpCompoundIterator;
import dev.hibiki.rtp.rtcp.RtcpHeader;
import dev.hibiki.rtp.rtcp.SenderReport;

import java.util.Arrays;

/**
 * Reads the RTCP a connection's peer sends and calls into the streams it is about: a sender report goes to the
 * published stream (for our receiver reports and for the relay to its subscribers); receiver reports, NACKs and
 * keyframe requests concern streams the peer receives: round-trip time, retransmissions (queued on the connection's
 * send worker, in order with its media) and a keyframe request to the stream's publisher. Receive thread only.
 */
final class RtcpDispatcher {

    private static final int MAX_NACKED = NackPacket.SEQS_PER_ITEM * 64;

    private final PublishedStreams published;
    private final Subscriptions subscriptions;
    private final ConnectionStats stats;
    private final SendWorker sendWorker;

    private final RtcpCompoundIterator rtcp = new RtcpCompoundIterator();
    private final SenderReport senderReport = new SenderReport();
    private final ReceiverReport receiverReport = new ReceiverReport();
    private final NackPacket nack = new NackPacket();
    private final FirPacket fir = new FirPacket();
    private final int[] lost = new int[MAX_NACKED];

    RtcpDispatcher(PublishedStreams published, Subscriptions subscriptions, ConnectionStats stats,
                   SendWorker sendWorker) {
        this.published = published;
        this.subscriptions = subscriptions;
        this.stats = stats;
        this.sendWorker = sendWorker;
    }

    void onRtcp(byte[] buf, int off, int len, long nowNanos) {
        if (!rtcp.reset(buf, off, len)) return;
        while (rtcp.next()) {
            int type = rtcp.packetType();
            int fmt = rtcp.count();
            if (type == RtcpHeader.SR) onSenderReport(nowNanos);
            else if (type == RtcpHeader.RR) onReceiverReport(nowNanos);
            else if (type == RtcpHeader.RTPFB && fmt == RtcpHeader.FMT_NACK) onNack(nowNanos);
            else if (type == RtcpHeader.PSFB && fmt == RtcpHeader.FMT_PLI) onPli(nowNanos);
            else if (type == RtcpHeader.PSFB && fmt == RtcpHeader.FMT_FIR) onFir(nowNanos);
        }
    }

    private void onSenderReport(long nowNanos) {
        if (!senderReport.wrap(rtcp.buffer(), rtcp.offset(), rtcp.length())) return;
        IncomingStream s = published.bySsrc(senderReport.senderSsrc());
        if (s != null && s.ssrc == senderReport.senderSsrc()) {
            s.onSenderReport(senderReport.ntpTimestamp(), senderReport.rtpTimestamp(), nowNanos);
        }
    }

    private void onReceiverReport(long nowNanos) {
        if (!receiverReport.wrap(rtcp.buffer(), rtcp.offset(), rtcp.length())) return;
        for (int i = 0; i < receiverReport.reportBlockCount(); i++) {
            ReportBlock block = receiverReport.reportBlock(i);
            OutgoingStream o = subscriptions.bySsrc(block.ssrc());
            if (o != null) stats.onRoundTrip(o.roundTripNanos(block, nowNanos));
        }
    }

    private void onNack(long nowNanos) {
        if (!nack.wrap(rtcp.buffer(), rtcp.offset(), rtcp.length())) return;
        stats.nacksReceived.increment();
        OutgoingStream o = subscriptions.bySsrc(nack.mediaSsrc());
        if (o == null) return;
        int[] seqs = Arrays.copyOf(lost, nack.lostSequenceNumbers(lost));
        sendWorker.submit(() -> {
            for (int seq : seqs) o.retransmit(seq, nowNanos);
        });
    }

    private void onPli(long nowNanos) {
        stats.plisReceived.increment();
        if (!PliPacket.is(rtcp.buffer(), rtcp.offset(), rtcp.length())) return;
        OutgoingStream o = subscriptions.bySsrc(PliPacket.mediaSsrc(rtcp.buffer(), rtcp.offset()));
        if (o != null) o.source.requestKeyframe(nowNanos);
    }

    private void onFir(long nowNanos) {
        if (!fir.wrap(rtcp.buffer(), rtcp.offset(), rtcp.length())) return;
        stats.plisReceived.increment();
        for (int i = 0; i < fir.entryCount(); i++) {
            OutgoingStream o = subscriptions.bySsrc(fir.ssrc(i));
            if (o != null) o.source.requestKeyframe(nowNanos);
        }
    }
}
