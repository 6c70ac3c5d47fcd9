package dev.hibiki.sfu;

import dev.hibiki.rtp.NackGenerator;
import dev.hibiki.rtp.PacketCache;
import dev.hibiki.rtp.RtpPacket;
import dev.hibiki.rtp.RtxPacket;
import dev.hibiki.rtp.codec.VideoCodec;
import dev.hibiki.sdp.Codec;
import dev.hibiki.sdp.MediaKind;

import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One stream a sender publishes (its audio or its video), and the subscribers it fans out to. Packets arrive on the
 * ICE receive thread; the loss tracker is also read by the RTCP timer, hence its lock.
 */
final class IncomingStream {

    private static final long KEYFRAME_REQUEST_INTERVAL_NANOS = 300_000_000L;

    final Connection publisher;
    final MediaKind kind;
    final String trackId;
    final long ssrc;
    final long rtxSsrc;
    final Codec codec;
    final VideoCodec videoCodec;

    private final CopyOnWriteArrayList<OutgoingStream> subscribers = new CopyOnWriteArrayList<>();
    private final PacketCache cache;
    private final NackGenerator losses;
    private final byte[] rtxScratch = new byte[1600];
    private final RtpPacket recovered = new RtpPacket();
    private volatile long lastKeyframeRequestNanos;
    private int keyframeRequests;
    private int firSequence;
    final ReceptionStatistics statistics;

    /** @param rtxSsrc the RTX stream's SSRC, or -1 */
    IncomingStream(Connection publisher, MediaKind kind, String trackId, long ssrc, long rtxSsrc, Codec codec) {
        this.publisher = publisher;
        this.kind = kind;
        this.trackId = trackId;
        this.ssrc = ssrc;
        this.rtxSsrc = rtxSsrc;
        this.codec = codec;
        this.videoCodec = kind == MediaKind.VIDEO ? VideoCodec.fromEncodingName(codec.name()) : null;
        boolean video = kind == MediaKind.VIDEO;
        this.cache = new PacketCache(video ? 1024 : 256, 1500);
        this.losses = video ? new NackGenerator() : null;
        this.statistics = new ReceptionStatistics(ssrc, codec.clockRate());
    }

    void onPacket(RtpPacket packet, long nowNanos) {
        RtpPacket media = packet;
        if (packet.ssrc() == rtxSsrc) {
            int n = RtxPacket.decode(packet, codec.payloadType(), ssrc, rtxScratch, 0);
            if (n <= 0 || !recovered.wrap(rtxScratch, 0, n)) return; // padding-only probe or malformed
            media = recovered;
        }
        if (losses != null) {
            int outcome;
            synchronized (losses) {
                outcome = losses.onReceived(media.sequenceNumber(), nowNanos);
            }
            if (outcome == NackGenerator.RESET) requestKeyframe(nowNanos);
            if (outcome == NackGenerator.OLD) return; // a duplicate, or too late to matter
        }
        if (media == packet) statistics.onPacket(packet.sequenceNumber(), packet.timestamp(), nowNanos);
        cache.put(media, nowNanos);
        for (OutgoingStream s : subscribers) s.forward(media, nowNanos);
    }

    /** Sequence numbers to NACK now; called by the RTCP timer. */
    int pendingNacks(long nowNanos, int[] out) {
        if (losses == null) return 0;
        synchronized (losses) {
            return losses.pendingNacks(nowNanos, out);
        }
    }

    /** A cached packet for a retransmission; only on the ICE receive thread, which also fills the cache. */
    RtpPacket cached(int seq) {
        return cache.get(seq);
    }

    /**
     * Asks the sender for a keyframe, at most every 300 ms: PLI first; when requests keep coming (the keyframe did
     * not arrive or the sender ignores PLI), every third one is a FIR instead.
     */
    void requestKeyframe(long nowNanos) {
        if (kind != MediaKind.VIDEO) return;
        if (nowNanos - lastKeyframeRequestNanos < KEYFRAME_REQUEST_INTERVAL_NANOS) return;
        boolean recent = nowNanos - lastKeyframeRequestNanos < 3 * KEYFRAME_REQUEST_INTERVAL_NANOS;
        lastKeyframeRequestNanos = nowNanos;
        keyframeRequests = recent ? keyframeRequests + 1 : 0;
        if (keyframeRequests % 3 == 2) publisher.sendFir(ssrc, firSequence++ & 0xFF);
        else publisher.sendPli(ssrc);
    }

    /** The sender's SR for this stream: kept for our receiver reports and relayed to every subscriber. */
    void onSenderReport(long ntpTimestamp, long rtpTimestamp, long nowNanos) {
        statistics.onSenderReport(ntpTimestamp, nowNanos);
        for (OutgoingStream s : subscribers) s.sendSenderReport(ntpTimestamp, rtpTimestamp);
    }

    void addSubscriber(OutgoingStream s) {
        subscribers.add(s);
    }

    void removeSubscriber(OutgoingStream s) {
        subscribers.remove(s);
    }

    int subscriberCount() {
        return subscribers.size();
    }
}
