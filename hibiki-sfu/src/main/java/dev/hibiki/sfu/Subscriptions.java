package dev.hibiki.sfu;

import dev.hibiki.sdp.OutgoingTrack;

import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The streams one connection receives: for each forwarded source, its section in the connection's offer and the
 * {@link OutgoingStream} that carries it, also found by its SSRC for the connection's RTCP about it. The map by
 * source is guarded by the connection's monitor, like the offer; the one by SSRC is read by the receive thread
 * without a lock.
 */
final class Subscriptions {

    private static final String CNAME = "hibiki";

    private final Connection subscriber;
    private final Negotiator negotiator;
    private final Map<IncomingStream, OutgoingStream> bySource = new LinkedHashMap<>();
    private final Map<Long, OutgoingStream> bySsrc = new ConcurrentHashMap<>();

    Subscriptions(Connection subscriber, Negotiator negotiator) {
        this.subscriber = subscriber;
        this.negotiator = negotiator;
    }

    /**
     * Starts forwarding the sources not forwarded yet whose publisher is still there, each in a new section with
     * SSRCs of its own; returns whether any was added (the offer then changed).
     */
    boolean addAll(List<IncomingStream> sources) {
        boolean added = false;
        for (IncomingStream source : sources) {
            if (bySource.containsKey(source) || source.publisher.isClosed()) continue;
            long ssrc = randomSsrc();
            long rtxSsrc = source.codec.hasRtx() ? randomSsrc() : -1;
            OutgoingTrack track = new OutgoingTrack(source.publisher.id(), source.trackId, ssrc,
                    rtxSsrc < 0 ? null : rtxSsrc, CNAME);
            String mid = negotiator.addSendingSection(source.kind, source.codec, track);
            OutgoingStream out = new OutgoingStream(subscriber, source, mid, ssrc, rtxSsrc);
            bySource.put(source, out);
            bySsrc.put(ssrc, out);
            source.addSubscriber(out);
            added = true;
        }
        return added;
    }

    /** Stops forwarding the streams of {@code publisher} and retires their sections; returns whether any was. */
    boolean removePublisher(Connection publisher) {
        boolean removed = false;
        for (var it = bySource.values().iterator(); it.hasNext(); ) {
            OutgoingStream o = it.next();
            if (o.source.publisher != publisher) continue;
            o.source.removeSubscriber(o);
            bySsrc.remove(o.ssrc);
            negotiator.retireSection(o.mid);
            it.remove();
            removed = true;
        }
        return removed;
    }

    /** The stream this connection receives with this SSRC (as the SFU rewrote it), or null. */
    OutgoingStream bySsrc(long ssrc) {
        return bySsrc.get(ssrc);
    }

    List<OutgoingStream> all() {
        return List.copyOf(bySource.values());
    }

    /** Stops forwarding everything. */
    void clear() {
        for (OutgoingStream o : bySource.values()) o.source.removeSubscriber(o);
        bySource.clear();
        bySsrc.clear();
    }

    static long randomSsrc() {
        return ThreadLocalRandom.current().nextLong(1, 0xFFFF_FFFFL);
    }
}
