package dev.hibiki.sfu;

import dev.hibiki.dtls.DtlsCertificate;
import dev.hibiki.ice.IceCandidate;
import dev.hibiki.ice.InProcessPeers;
import dev.hibiki.ice.MonotonicClock;
import dev.hibiki.ice.UdpIceServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The media plane: one UDP port shared by every peer, one DTLS identity, the routers of the live channels, and the
 * timer that sends RTCP feedback to senders.
 */
public final class Sfu implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Sfu.class);
    private static final long FEEDBACK_INTERVAL_MILLIS = 50;

    private final SfuConfig config;
    private final UdpIceServer ice;
    private final DtlsCertificate certificate;
    private final List<String> candidates;
    private final Map<String, Router> routers = new ConcurrentHashMap<>();
    private final MediaTransport.Factory transports;
    /** Read when a connection is created, never per packet (see setIncomingRtpLossForTesting). */
    private volatile double incomingRtpLoss;
    private volatile PublicationListener publicationListener = PublicationListener.NONE;
    private final SfuCounters counters = new SfuCounters();
    private final SendWorkers sendWorkers;
    private final ScheduledExecutorService rtcpTimer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sfu-rtcp");
        t.setDaemon(true);
        return t;
    });
    /** The retransmission and SACK timers of every connection's data channels; their tasks only queue packets. */
    private final ScheduledExecutorService sctpTimers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sfu-sctp");
        t.setDaemon(true);
        return t;
    });

    private Sfu(SfuConfig config, UdpIceServer ice, DtlsCertificate certificate, MediaTransport.Factory transports,
                boolean feedbackTimer) {
        this.config = config;
        this.ice = ice;
        this.certificate = certificate;
        this.transports = transports != null ? transports
                : (handler, stats) -> new WebRtcTransport(ice, certificate, handler, counters, stats);
        this.sendWorkers = new SendWorkers(config.sendWorkers(), counters, ice::useSendSocket);
        this.candidates = ice.hostCandidates(config.announcedAddresses()).stream().map(IceCandidate::sdpValue).toList();
        if (feedbackTimer) {
            rtcpTimer.scheduleWithFixedDelay(() -> sendFeedback(System.nanoTime()), FEEDBACK_INTERVAL_MILLIS,
                    FEEDBACK_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    public static Sfu start(SfuConfig config) throws IOException {
        return start(config, null, true);
    }

    /**
     * The seam for the SFU's tests: connections get their transports from {@code transports} (a
     * {@link WebRtcTransport} each when null), and without {@code feedbackTimer} the test sends the periodic RTCP
     * itself, at the times it chooses, with {@link #sendFeedback(long)}.
     */
    static Sfu start(SfuConfig config, MediaTransport.Factory transports, boolean feedbackTimer) throws IOException {
        // One socket per send worker, so that the workers' sends do not wait for each other (see UdpIceServer).
        UdpIceServer ice = openIce(config);
        Sfu sfu = new Sfu(config, ice, DtlsCertificate.generate(), transports, feedbackTimer);
        LOG.info("media on UDP port {} ({} sockets){}, candidates {}, {} send workers", ice.localPort(),
                ice.socketCount(), ice.tcpOpen() ? " and ICE-TCP" : "", sfu.candidates, config.sendWorkers());
        return sfu;
    }

    /**
     * The media port, with ICE-TCP on the same number when configured. A port picked by the system (0) for UDP may be
     * taken for TCP (by any client's ephemeral port): then another is picked, a few times.
     */
    private static UdpIceServer openIce(SfuConfig config) throws IOException {
        boolean anyPort = config.bind().getPort() == 0;
        for (int attempt = 1; ; attempt++) {
            UdpIceServer ice = UdpIceServer.open(config.bind(), config.ice(), MonotonicClock.SYSTEM, config.sendWorkers());
            if (!config.iceTcp()) return ice;
            try {
                ice.openTcp();
                return ice;
            } catch (IOException e) {
                ice.close();
                if (!anyPort || attempt == 5) {
                    throw new IOException("ICE-TCP cannot listen on TCP port " + ice.localPort() + " (" + e.getMessage()
                            + "); free it or turn ICE-TCP off", e);
                }
            }
        }
    }

    /** The router of the live channel with this id, created on first use. */
    public Router router(String id, ChannelMode mode) {
        return routers.computeIfAbsent(id, k -> new Router(k, mode, this));
    }

    /** Closes every connection of the channel (DeleteChannel). */
    public void removeChannel(String id) {
        Router r = routers.remove(id);
        if (r != null) r.close();
    }

    /** Who is told when senders start and stop publishing (the HLS output); one listener, set before use. */
    public void setPublicationListener(PublicationListener listener) {
        this.publicationListener = listener == null ? PublicationListener.NONE : listener;
    }

    PublicationListener publicationListener() {
        return publicationListener;
    }

    void forget(Router router) {
        routers.remove(router.id(), router);
    }

    /**
     * Drops this fraction of the RTP that senders send, at random, before the SFU sees it (0 stops): a test hook
     * that makes loss recovery (NACK, retransmission, keyframe requests) observable on a loss-free loopback
     * network. It applies to the connections there are and to those that join later, by putting an
     * {@link IncomingRtpLoss} in front of their transports, so without it the receive path has no loss check.
     */
    public void setIncomingRtpLossForTesting(double fraction) {
        if (fraction < 0 || fraction >= 1) throw new IllegalArgumentException("loss fraction must be in [0, 1)");
        incomingRtpLoss = fraction;
        for (Router r : routers.values()) {
            for (Connection c : r.connections()) c.transport().dropIncomingRtp(fraction);
        }
    }

    double incomingRtpLoss() {
        return incomingRtpLoss;
    }

    /**
     * Packets sent to a subscriber within {@link ForwardDelayHistogram#upperBoundSeconds upperBoundSeconds(bucket)}
     * of their arrival, since start: cumulative, like a Prometheus histogram's buckets.
     */
    public long forwardedWithin(int bucket) {
        return sendWorkers.forwardedWithin(bucket);
    }

    ScheduledExecutorService sctpTimers() {
        return sctpTimers;
    }

    public SfuCounters counters() {
        return counters;
    }

    /** Connections in all channels. */
    public int connectionCount() {
        int n = 0;
        for (Router r : routers.values()) n += r.connectionCount();
        return n;
    }

    /** Datagrams the shared UDP port dropped (unknown source, bad STUN, ...). */
    public long iceDropped() {
        return ice.counters().droppedTotal();
    }

    /** One of the media port's ICE counters (e.g. ICE-TCP connections accepted), for operators' checks and tests. */
    public long iceCount(dev.hibiki.ice.IceCounter counter) {
        return ice.counters().get(counter);
    }

    public int mediaPort() {
        return ice.localPort();
    }

    /** The media port as an embedded TURN server reaches it: in process, without a socket hop. */
    public InProcessPeers inProcessPeers() {
        return ice;
    }

    public List<String> candidates() {
        return candidates;
    }

    MediaTransport.Factory transports() {
        return transports;
    }

    SendWorkers sendWorkers() {
        return sendWorkers;
    }

    DtlsCertificate certificate() {
        return certificate;
    }

    /** Sends every connection's periodic RTCP that is due at {@code nowNanos}; the RTCP timer's task. */
    void sendFeedback(long nowNanos) {
        for (Router r : routers.values()) {
            for (Connection c : r.connections()) {
                try {
                    c.sendFeedback(nowNanos, config.defaultVideoKbps());
                } catch (RuntimeException e) {
                    LOG.warn("RTCP feedback for connection {} failed", c.id(), e);
                }
            }
        }
    }

    @Override
    public void close() {
        rtcpTimer.shutdownNow();
        sctpTimers.shutdownNow();
        for (String id : List.copyOf(routers.keySet())) removeChannel(id);
        ice.close();
        sendWorkers.close();
    }
}
