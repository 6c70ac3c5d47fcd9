package dev.hibiki.sfu;

import dev.hibiki.rtp.RtpPacket;
import dev.hibiki.rtp.ext.TransportCcExtension;

/**
 * The receive path of a publisher's decrypted RTP: finds the packet's stream, records its transport-wide sequence
 * number for congestion feedback, and hands it to the stream, which fans it out. Receive thread only.
 */
final class RtpReceiver {

    /** Told when a stream's SSRC was learnt from a packet, so the stream can be published. */
    interface SsrcLearnt {
        void onSsrcLearnt(IncomingStream stream);
    }

    private final PublishedStreams streams;
    private final TransportCcArrivals arrivals;
    private final SsrcLearnt ssrcLearnt;
    private final RtpPacket rtp = new RtpPacket();

    RtpReceiver(PublishedStreams streams, TransportCcArrivals arrivals, SsrcLearnt ssrcLearnt) {
        this.streams = streams;
        this.arrivals = arrivals;
        this.ssrcLearnt = ssrcLearnt;
    }

    void onRtp(byte[] buf, int off, int len, long nowNanos) {
        if (!rtp.wrap(buf, off, len)) return;
        IncomingStream s = streams.bySsrc(rtp.ssrc());
        if (s == null) {
            s = streams.learnFromMid(rtp);
            if (s == null) return;
            ssrcLearnt.onSsrcLearnt(s);
        }
        int transportSeq = TransportCcExtension.read(rtp, streams.twccExtensionId());
        if (transportSeq >= 0) arrivals.record(transportSeq, nowNanos);
        s.onPacket(rtp, nowNanos);
    }
}
