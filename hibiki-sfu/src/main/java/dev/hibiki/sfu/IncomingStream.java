package dev.hibiki.sfu;

import dev.hibiki.rtp.NackGenerator;
import dev.hibiki.rtp.PacketCache;
import dev.hibiki.rtp.RtpPacket;
import dev.hibiki.rtp.RtxPacket;
import dev.hibiki.rtp.codec.VideoCodec;
import dev.hibiki.sdp.Codec;
import dev.hibiki.sdp.MediaKind;


/**
 * One stream a sender publishes (its audio or its video), and the subscribers it fans out to. Packets arrive on the
 * ICE receive thread, which copies each once and queues it on every {@link SendWorker} that has subscribers of this
 * stream. The loss tracker is also read by the RTCP timer and the packet cache by the workers' retransmissions,
 * hence their locks.
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

    private static final TrackSink[] NO_SINKS = new TrackSink[0];
    private static final OutgoingStream[] NONE = new OutgoingStream[0];

    private final SendWorkers workers;
    /** Subscribers by send worker; copied on write under the stream's monitor, read without a lock. */
    private volatile OutgoingStream[][] shards;
    private final int[] busyWorkers; // receive-thread scratch
    /** Copy-on-write so the receive thread reads it without a lock; usually empty. */
    private volatile TrackSink[] sinks = NO_SINKS;
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
        this.workers = publisher.sendWorkers();
        OutgoingStream[][] empty = new OutgoingStream[workers.size()][];
        java.util.Arrays.fill(empty, NONE);
        this.shards = empty;
        this.busyWorkers = new int[workers.size()];
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
        synchronized (cache) {
            cache.put(media, nowNanos);
        }
        fanOut(media, nowNanos);
        TrackSink[] taps = sinks;
        for (TrackSink t : taps) t.onRtp(media);
    }

    synchronized void addSink(TrackSink sink) {
        TrackSink[] next = java.util.Arrays.copyOf(sinks, sinks.length + 1);
        next[sinks.length] = sink;
        sinks = next;
    }

    synchronized void removeSink(TrackSink sink) {
        sinks = java.util.Arrays.stream(sinks).filter(t -> t != sink).toArray(TrackSink[]::new);
    }

    private void fanOut(RtpPacket media, long nowNanos) {
        OutgoingStream[][] current = shards;
        int busy = 0;
        for (int i = 0; i < current.length; i++) {
            if (current[i].length > 0) busyWorkers[busy++] = i;
        }
        if (busy == 0) return;
        ForwardedPacket p = workers.pool().copyOf(media.buffer(), media.offset(), media.length(), this, nowNanos, busy);
        for (int i = 0; i < busy; i++) workers.get(busyWorkers[i]).enqueue(p);
    }

    /** This stream's subscribers on one send worker; the array must not be modified. */
    OutgoingStream[] subscribersOn(int worker) {
        return shards[worker];
    }

    /** Sequence numbers to NACK now; called by the RTCP timer. */
    int pendingNacks(long nowNanos, int[] out) {
        if (losses == null) return 0;
        synchronized (losses) {
            return losses.pendingNacks(nowNanos, out);
        }
    }

    /**
     * Copies a cached packet for a retransmission into {@code into}'s send buffer (see
     * {@link OutgoingStream#copyForSubscriber}); returns its length, or -1 when the cache no longer has it.
     * On a send worker, while the receive thread fills the cache: hence the lock, held only for the copy.
     */
    int copyCached(int seq, OutgoingStream into) {
        synchronized (cache) {
            RtpPacket cached = cache.get(seq);
            return cached == null ? -1 : into.copyForSubscriber(cached);
        }
    }

    /**
     * Asks the sender for a keyframe, at most every 300 ms: PLI first; when requests keep coming (the keyframe did
     * not arrive or the sender ignores PLI), every third one is a FIR instead.
     */
    void requestKeyframe(long nowNanos) {
        if (kind != MediaKind.VIDEO) return;
        // Called from the receive thread and every send worker (subscribers waiting for a keyframe): the unlocked
        // check keeps the common "asked recently" case cheap.
        if (nowNanos - lastKeyframeRequestNanos < KEYFRAME_REQUEST_INTERVAL_NANOS) return;
        synchronized (this) {
            requestKeyframeLocked(nowNanos);
        }
    }

    private void requestKeyframeLocked(long nowNanos) {
        if (nowNanos - lastKeyframeRequestNanos < KEYFRAME_REQUEST_INTERVAL_NANOS) return;
        boolean recent = nowNanos - lastKeyframeRequestNanos < 3 * KEYFRAME_REQUEST_INTERVAL_NANOS;
        lastKeyframeRequestNanos = nowNanos;
        keyframeRequests = recent ? keyframeRequests + 1 : 0;
        if (keyframeRequests % 3 == 2) publisher.sendFir(ssrc, firSequence++ & 0xFF);
        else publisher.sendPli(ssrc);
    }

    /**
     * The sender's SR for this stream: kept for our receiver reports and relayed to every subscriber, by each
     * subscriber's send worker (which owns the timestamps the relay translates by).
     */
    void onSenderReport(long ntpTimestamp, long rtpTimestamp, long nowNanos) {
        statistics.onSenderReport(ntpTimestamp, nowNanos);
        OutgoingStream[][] current = shards;
        for (int i = 0; i < current.length; i++) {
            if (current[i].length == 0) continue;
            int worker = i;
            workers.get(i).submit(() -> {
                for (OutgoingStream s : subscribersOn(worker)) s.sendSenderReport(ntpTimestamp, rtpTimestamp);
            });
        }
        for (TrackSink t : sinks) t.onSenderReport(ntpTimestamp, rtpTimestamp);
    }

    synchronized void addSubscriber(OutgoingStream s) {
        int w = s.subscriber.sendWorker().index;
        OutgoingStream[][] next = shards.clone();
        OutgoingStream[] shard = java.util.Arrays.copyOf(next[w], next[w].length + 1);
        shard[shard.length - 1] = s;
        next[w] = shard;
        shards = next;
    }

    synchronized void removeSubscriber(OutgoingStream s) {
        int w = s.subscriber.sendWorker().index;
        OutgoingStream[] shard = shards[w];
        int at = java.util.Arrays.asList(shard).indexOf(s);
        if (at < 0) return;
        OutgoingStream[] smaller = new OutgoingStream[shard.length - 1];
        System.arraycopy(shard, 0, smaller, 0, at);
        System.arraycopy(shard, at + 1, smaller, at, shard.length - at - 1);
        OutgoingStream[][] next = shards.clone();
        next[w] = smaller;
        shards = next;
    }

    int subscriberCount() {
        int n = 0;
        for (OutgoingStream[] shard : shards) n += shard.length;
        return n;
    }
}
