package dev.hibiki.sfu;

import dev.hibiki.rtp.RtpPacket;
import dev.hibiki.rtp.RtpStreamRewriter;
import dev.hibiki.rtp.RtxPacket;
import dev.hibiki.rtp.ext.HeaderExtensionCursor;
import dev.hibiki.rtp.ext.HeaderExtensionWriter;
import dev.hibiki.rtp.rtcp.NtpTime;
import dev.hibiki.rtp.rtcp.ReportBlock;
import dev.hibiki.rtp.rtcp.RtcpCompoundBuilder;
import dev.hibiki.sdp.MediaKind;

import java.nio.charset.StandardCharsets;

/**
 * One forwarded stream at one subscriber: its own SSRC, sequence numbers and timestamps (so a publisher restart
 * looks like one continuous stream), keyframe gating on join, and retransmissions from the source's cache.
 * Touched only by its subscriber's {@link SendWorker} (except the volatile keyframe flag), so it needs no lock, and
 * builds its packets in that worker's {@link SendBuffers} (scratch objects included: at thousands of subscribers a
 * set per stream would miss the CPU cache on every packet).
 */
final class OutgoingStream {

    final Connection subscriber;
    final IncomingStream source;
    final String mid;
    final long ssrc;
    final long rtxSsrc;

    private final RtpStreamRewriter rewriter;
    private final SendBuffers buffers;
    private volatile boolean waitingForKeyframe;
    private long forwarded;
    private long retransmitted;
    private volatile long lastSenderReportCompact;
    private volatile long lastSenderReportSentNanos;
    private int rtxSequence = java.util.concurrent.ThreadLocalRandom.current().nextInt(0x10000);
    private long octets;
    private boolean haveTimestamps;
    private long lastSourceTimestamp;
    private long lastOutTimestamp;
    private final byte[] midValue;

    OutgoingStream(Connection subscriber, IncomingStream source, String mid, long ssrc, long rtxSsrc) {
        this.subscriber = subscriber;
        this.buffers = subscriber.sendWorker().buffers;
        this.source = source;
        this.mid = mid;
        this.midValue = mid.getBytes(StandardCharsets.US_ASCII);
        this.ssrc = ssrc;
        this.rtxSsrc = rtxSsrc;
        this.rewriter = new RtpStreamRewriter(ssrc, source.codec.clockRate());
        this.waitingForKeyframe = source.kind == MediaKind.VIDEO;
    }

    /** Start again from the next keyframe, e.g. after a re-answer made this stream known to the browser. */
    void awaitKeyframe(long nowNanos) {
        if (source.kind != MediaKind.VIDEO) return;
        waitingForKeyframe = true;
        source.requestKeyframe(nowNanos);
    }

    /** Sends the packet to this subscriber unless it cannot use it yet; true when it went out. */
    boolean forward(RtpPacket packet, long nowNanos) {
        if (!subscriber.mediaReady()) return false;
        if (waitingForKeyframe) {
            if (!source.videoCodec.isKeyframe(packet) || !source.videoCodec.isStartOfFrame(packet)) {
                source.requestKeyframe(nowNanos);
                return false;
            }
            waitingForKeyframe = false;
        }
        return sendCopy(copyForSubscriber(packet), nowNanos);
    }

    /**
     * Resends what the subscriber reports lost, if the source still has it: as RTX (RFC 4588) on the stream's RTX
     * SSRC when the codec has RTX, so the browser can tell repairs from late originals; otherwise as is.
     */
    void retransmit(int outSeq, long nowNanos) {
        long src = rewriter.sourceOf(outSeq);
        if (src < 0 || RtpStreamRewriter.sourceSsrc(src) != source.ssrc) return;
        int len = source.copyCached(RtpStreamRewriter.sourceSequenceNumber(src), this);
        if (rtxSsrc < 0) {
            sendCopy(len, nowNanos);
            return;
        }
        RtpPacket out = buffers.out;
        if (len <= 0 || !out.wrap(buffers.packet, 0, len) || !rewriter.rewrite(out, nowNanos)) return;
        int rtxLen = RtxPacket.encode(out, source.codec.rtxPayloadType(), rtxSsrc, rtxSequence, buffers.rtx, 0);
        if (rtxLen <= 0) return;
        rtxSequence = (rtxSequence + 1) & 0xFFFF;
        if (subscriber.transport().sendRtp(buffers.rtx, 0, rtxLen)) {
            retransmitted++;
            subscriber.totals().retransmissionsSent.increment();
        }
    }

    long retransmittedPackets() {
        return retransmitted;
    }

    /**
     * Copies {@code packet} into the worker's {@link SendBuffers#packet} with its sdes:mid header extension naming this stream's m-section at
     * the subscriber instead of the publisher's (RFC 8843 §9.2); the other extensions are kept. Receivers route a
     * BUNDLE by MID before SSRC: libwebrtc drops packets with a MID it does not know and binds the SSRC to the
     * m-section the MID names. The publisher's mid names another section here (a sendrecv peer's own audio), so
     * left as it was it misroutes the stream, and the re-answer that adds the right section then fails ("Failed
     * to apply demuxer criteria"). Returns the new length, or -1.
     */
    int copyForSubscriber(RtpPacket packet) {
        int publisherMidId = source.publisher.midExtensionId();
        HeaderExtensionCursor extensionsIn = buffers.extensionsIn;
        HeaderExtensionWriter extensionsOut = buffers.extensionsOut;
        boolean hasBlock = extensionsIn.reset(packet);
        extensionsOut.reset(hasBlock && extensionsIn.isTwoByte());
        if (hasBlock) {
            while (extensionsIn.next()) {
                if (extensionsIn.id() != publisherMidId) extensionsOut.copy(extensionsIn.id(), extensionsIn, packet.buffer());
            }
        }
        extensionsOut.add(subscriber.midExtensionId(), midValue, 0, midValue.length);
        return extensionsOut.writePacket(packet, buffers.packet, 0);
    }

    /** Rewrites, protects and sends the packet {@link #copyForSubscriber} left in the worker's buffer. */
    private boolean sendCopy(int len, long nowNanos) {
        byte[] buf = buffers.packet;
        RtpPacket out = buffers.out;
        if (len <= 0 || !out.wrap(buf, 0, len)) return false;
        long sourceTimestamp = out.timestamp();
        if (!rewriter.rewrite(out, nowNanos)) return false;
        lastSourceTimestamp = sourceTimestamp;
        lastOutTimestamp = out.timestamp();
        haveTimestamps = true;
        int payload = out.payloadLength();
        if (!subscriber.transport().sendRtp(buf, 0, len)) return false;
        forwarded++;
        octets += payload;
        return true;
    }

    /**
     * Relays the sender's SR on this subscriber's timeline, so the browser can synchronise audio and video.
     * Called on the subscriber's send worker, like {@link #forward}.
     */
    void sendSenderReport(long ntpTimestamp, long sourceRtpTimestamp) {
        if (!haveTimestamps || !subscriber.mediaReady()) return;
        long rtpTimestamp = (sourceRtpTimestamp + (lastOutTimestamp - lastSourceTimestamp)) & 0xFFFFFFFFL;
        byte[] rtcpBuf = buffers.rtcp;
        RtcpCompoundBuilder rtcp = buffers.rtcpBuilder;
        rtcp.reset(rtcpBuf, 0, rtcpBuf.length - MediaTransport.SEND_HEADROOM);
        if (rtcp.addSenderReport(ssrc, ntpTimestamp, rtpTimestamp, forwarded, octets, java.util.List.of())
                && rtcp.addSdesCname(ssrc, "hibiki")) {
            // Stamped before the send: an echo may come back before this thread runs again after it.
            lastSenderReportCompact = NtpTime.compact(ntpTimestamp);
            lastSenderReportSentNanos = System.nanoTime();
            subscriber.transport().sendRtcp(rtcpBuf, 0, rtcp.length());
        }
    }

    /**
     * The round trip to the subscriber from a report block about this stream (RFC 3550 6.4.1): the SR it echoes
     * is one we relayed, so the time is measured on our clock from when we sent it.
     *
     * @return nanoseconds, or -1 when the block does not echo our last SR
     */
    long roundTripNanos(ReportBlock block, long nowNanos) {
        long sent = lastSenderReportSentNanos;
        if (sent == 0 || block.lastSenderReport() == 0 || block.lastSenderReport() != lastSenderReportCompact) return -1;
        long rtt = nowNanos - sent - NtpTime.compactToNanos(block.delaySinceLastSenderReport());
        return rtt >= 0 ? rtt : -1;
    }

    long forwardedPackets() {
        return forwarded;
    }
}
