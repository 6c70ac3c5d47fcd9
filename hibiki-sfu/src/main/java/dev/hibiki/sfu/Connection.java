package dev.hibiki.sfu;

import dev.hibiki.dtls.DtlsRole;
import dev.hibiki.sdp.AnswerSummary;
import dev.hibiki.sdp.CodecCatalog;
import dev.hibiki.sdp.Fingerprint;
import dev.hibiki.sdp.LocalTransport;
import dev.hibiki.sdp.MediaKind;
import dev.hibiki.sctp.DataChannel;
import dev.hibiki.sctp.DataChannelOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * One WebRTC peer in a channel (a Sora connection): its transport, its SDP negotiation ({@link Negotiator}), the
 * streams it publishes ({@link PublishedStreams}, fed by an {@link RtpReceiver}) and those it receives
 * ({@link Subscriptions}), its incoming RTCP ({@link RtcpDispatcher}) and the RTCP it sends ({@link KeyframeRequests},
 * {@link FeedbackScheduler}). This class ties them together and follows the connection's life.
 *
 * <p>Locking: the connection's monitor guards the SDP state and the subscriptions, which change together. It is
 * never held while calling into {@link Router}, which calls into connections under its own lock.
 */
public final class Connection {

    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

    private final Router router;
    private final Sfu sfu;
    private final ConnectionSpec spec;
    private final ConnectionListener listener;
    private final ConnectionStats stats = new ConnectionStats();
    private final SendWorker sendWorker;
    private final MediaTransport transport;
    private final PublishedStreams published = new PublishedStreams(this);
    private final Negotiator negotiator;
    private final Subscriptions subscriptions;
    private final RtpReceiver rtpReceiver;
    private final RtcpDispatcher rtcpDispatcher;
    private final KeyframeRequests keyframeRequests;
    private final FeedbackScheduler feedback;
    private volatile DataChannelTransport dataChannels;
    private volatile boolean mediaReady;
    private volatile boolean closed;

    Connection(Router router, ConnectionSpec spec, ConnectionListener listener, Sfu sfu,
               List<IncomingStream> existing) {
        this.router = router;
        this.sfu = sfu;
        this.spec = spec;
        this.listener = listener;
        this.sendWorker = sfu.sendWorkers().assign();
        this.transport = sfu.transports().create(new TransportEvents(), stats);
        long rtcpSsrc = Subscriptions.randomSsrc();
        TransportCcArrivals arrivals = new TransportCcArrivals();
        this.rtpReceiver = new RtpReceiver(published, arrivals, this::publishLearnt);
        this.keyframeRequests = new KeyframeRequests(rtcpSsrc, transport, stats);
        this.feedback = new FeedbackScheduler(rtcpSsrc, transport, stats, arrivals, spec.videoBitRateKbps());
        try {
            this.negotiator = new Negotiator(new LocalTransport(transport.localCredentials().ufrag(),
                    transport.localCredentials().password(), Fingerprint.parse(sfu.certificate().sdpFingerprint()),
                    sfu.candidates()));
            this.subscriptions = new Subscriptions(this, negotiator);
            this.rtcpDispatcher = new RtcpDispatcher(published, subscriptions, stats, sendWorker);
            buildInitialOffer(existing);
            double loss = sfu.incomingRtpLoss();
            if (loss > 0) transport.dropIncomingRtp(loss);
        } catch (RuntimeException e) {
            transport.close();
            sfu.sendWorkers().release(sendWorker);
            throw e;
        }
    }

    private synchronized void buildInitialOffer(List<IncomingStream> existing) {
        if (spec.sends()) {
            if (spec.audio()) {
                // Forwarded sections reuse the sender's codec, so a stereo sender reaches its viewers as stereo.
                negotiator.addReceivingSection(MediaKind.AUDIO, List.of(CodecCatalog.opus(spec.stereo(), false,
                        spec.audioBitRateKbps() == null ? null : spec.audioBitRateKbps() * 1000)), null);
            }
            if (spec.video()) {
                negotiator.addReceivingSection(MediaKind.VIDEO, CodecCatalog.video(spec.videoCodec()),
                        spec.videoBitRateKbps());
            }
        }
        if (spec.receives()) subscriptions.addAll(existing);
        negotiator.buildInitialOffer(spec.dataChannels());
    }

    // ---------------------------------------------------------------- public API

    /** This connection's media totals so far (for the stats API, webhooks and billing). */
    public ConnectionStats.Snapshot stats() {
        return stats.snapshot(published.maxJitterMillis());
    }

    /**
     * Asks this connection's browser for a keyframe of every video stream it sends (the RequestKeyFrame API).
     *
     * @return false when the connection sends no video
     */
    public boolean requestKeyframes() {
        return published.requestKeyframes(System.nanoTime());
    }

    public String id() {
        return spec.connectionId();
    }

    public ConnectionSpec spec() {
        return spec;
    }

    /** The initial offer (SDP text). */
    public synchronized String offer() {
        return negotiator.offerSdp();
    }

    /** For Sora's {@code offer.mid}: the mid of each kind the client sends, e.g. {@code {audio: "0", video: "1"}}. */
    public synchronized Map<String, String> sendMids() {
        return Map.copyOf(negotiator.sendMids());
    }

    public void applyAnswer(String sdp) throws InvalidAnswerException {
        AnswerSummary answer;
        synchronized (this) {
            answer = negotiator.applyAnswer(sdp);
            if (spec.sends()) published.register(answer, negotiator.sendMids());
        }
        DtlsRole role = answer.serverIsDtlsClient() ? DtlsRole.CLIENT : DtlsRole.SERVER;
        if (spec.dataChannels()) {
            dataChannels = new DataChannelTransport(this, listener, transport, role, sfu.sctpTimers());
        }
        transport.start(answer.iceUfrag(), answer.icePwd(), Negotiator.usableFingerprints(answer), role);
        synchronized (this) {
            offer(negotiator.pendingReOffer());
        }
    }

    public void applyReAnswer(String sdp) throws InvalidAnswerException {
        synchronized (this) {
            negotiator.applyReAnswer(sdp);
            // Streams added by the re-offer are known to the browser only now: restart them on a keyframe.
            long now = System.nanoTime();
            for (OutgoingStream o : subscriptions.all()) o.awaitKeyframe(now);
            offer(negotiator.pendingReOffer());
        }
    }

    /**
     * Opens a data channel to the peer (DCEP); messages may be sent on it at once.
     *
     * @throws IllegalStateException when the connection has no data channels or its answer is not applied yet
     */
    public DataChannel openDataChannel(String label, DataChannelOptions options) {
        DataChannelTransport d = dataChannels;
        if (d == null) throw new IllegalStateException("connection " + id() + " has no data channels");
        return d.open(label, options);
    }

    /** Closes the transport and leaves the channel; the listener is not called. Idempotent. */
    public void close() {
        if (closed) return;
        closed = true;
        mediaReady = false;
        DataChannelTransport d = dataChannels;
        if (d != null) d.close();
        transport.close();
        router.leave(this);
        synchronized (this) {
            subscriptions.clear();
        }
        sfu.sendWorkers().release(sendWorker);
    }

    // ---------------------------------------------------------------- router events

    /** Another sender's streams became available: forward them here (those already forwarded are skipped). */
    void subscribe(List<IncomingStream> streams) {
        if (!spec.receives() || closed) return;
        synchronized (this) {
            if (subscriptions.addAll(streams)) offer(negotiator.reOffer());
        }
    }

    /** A sender left: stop forwarding its streams and remove their sections. */
    void unsubscribe(Connection publisher) {
        if (closed) return;
        synchronized (this) {
            if (subscriptions.removePublisher(publisher)) offer(negotiator.reOffer());
        }
    }

    /** Sends a re-offer the negotiator made, if it made one. Caller holds the monitor, so offers go out in order. */
    private void offer(String reOffer) {
        if (reOffer != null) listener.onRenegotiationNeeded(this, reOffer);
    }

    List<IncomingStream> publishedStreams() {
        return published.list();
    }

    // ---------------------------------------------------------------- for the streams and the SFU

    boolean mediaReady() {
        return mediaReady;
    }

    boolean isClosed() {
        return closed;
    }

    /** The id of the sdes:mid header extension in this connection's RTP. */
    int midExtensionId() {
        return published.midExtensionId();
    }

    MediaTransport transport() {
        return transport;
    }

    /** The running totals the transport, the streams and the RTCP paths count into. */
    ConnectionStats totals() {
        return stats;
    }

    /** The thread that sends everything this connection receives from the channel (see {@link SendWorker}). */
    SendWorker sendWorker() {
        return sendWorker;
    }

    SendWorkers sendWorkers() {
        return sfu.sendWorkers();
    }

    /** Asks this connection's browser for a keyframe of one of its streams. */
    void sendPli(long mediaSsrc) {
        if (mediaReady) keyframeRequests.sendPli(mediaSsrc);
    }

    /** FIR (RFC 5104), for senders that do not answer PLI. */
    void sendFir(long mediaSsrc, int sequenceNumber) {
        if (mediaReady) keyframeRequests.sendFir(mediaSsrc, sequenceNumber);
    }

    /** The periodic feedback to a sender; called by the SFU's RTCP timer thread only. */
    void sendFeedback(long nowNanos, int defaultVideoKbps) {
        if (mediaReady) feedback.sendDue(publishedStreams(), nowNanos, defaultVideoKbps);
    }

    private void publishLearnt(IncomingStream stream) {
        if (mediaReady) router.publish(this, List.of(stream));
    }

    /** The transport's reports: its state for the connection's life, its packets for the receive paths. */
    private final class TransportEvents implements MediaTransport.Handler {

        @Override
        public void onTransportConnected() {
            if (closed) return;
            mediaReady = true;
            LOG.debug("connection {} transport up", id());
            listener.onConnected(Connection.this);
            DataChannelTransport d = dataChannels;
            if (d != null) d.start();
            List<IncomingStream> mine = publishedStreams();
            if (!mine.isEmpty()) router.publish(Connection.this, mine);
        }

        @Override
        public void onTransportFailed(String reason) {
            if (closed) return;
            LOG.info("connection {} transport failed: {}", id(), reason);
            close();
            listener.onClosed(Connection.this, reason);
        }

        @Override
        public void onRtp(byte[] buf, int off, int len, long nowNanos) {
            rtpReceiver.onRtp(buf, off, len, nowNanos);
        }

        @Override
        public void onRtcp(byte[] buf, int off, int len, long nowNanos) {
            rtcpDispatcher.onRtcp(buf, off, len, nowNanos);
        }

        @Override
        public void onApplicationData(byte[] buf, int off, int len) {
            DataChannelTransport d = dataChannels;
            if (d != null && !closed) d.onPacket(buf, off, len);
        }
    }
}
