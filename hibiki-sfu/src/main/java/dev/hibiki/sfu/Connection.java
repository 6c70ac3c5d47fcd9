package dev.hibiki.sfu;

import dev.hibiki.dtls.DtlsFingerprint;
import dev.hibiki.dtls.DtlsRole;
import dev.hibiki.rtp.RtpPacket;
import dev.hibiki.rtp.ext.SdesExtension;
import dev.hibiki.rtp.ext.TransportCcExtension;
import dev.hibiki.rtp.rtcp.FirPacket;
import dev.hibiki.rtp.rtcp.NackPacket;
import dev.hibiki.rtp.rtcp.ReceiverReport;
import dev.hibiki.rtp.rtcp.RtcpCompoundBuilder;
import dev.hibiki.rtp.rtcp.RtcpCompoundIterator;
import dev.hibiki.rtp.rtcp.ReportBlock;
import dev.hibiki.rtp.rtcp.RtcpHeader;
import dev.hibiki.rtp.rtcp.SenderReport;
import dev.hibiki.rtp.rtcp.TransportCcFeedbackBuilder;
import dev.hibiki.rtp.rtcp.TransportCcRecorder;
import dev.hibiki.sdp.AnswerSummary;
import dev.hibiki.sdp.Codec;
import dev.hibiki.sdp.CodecCatalog;
import dev.hibiki.sdp.Direction;
import dev.hibiki.sdp.Fingerprint;
import dev.hibiki.sdp.HeaderExtensions;
import dev.hibiki.sdp.LocalTransport;
import dev.hibiki.sdp.MediaAnswer;
import dev.hibiki.sdp.MediaKind;
import dev.hibiki.sdp.NegotiatedCodec;
import dev.hibiki.sdp.OfferBuilder;
import dev.hibiki.sdp.OfferSection;
import dev.hibiki.sdp.OutgoingTrack;
import dev.hibiki.sdp.SdpNegotiationException;
import dev.hibiki.sdp.SdpParseException;
import dev.hibiki.sdp.SessionDescription;
import dev.hibiki.sdp.SignaledStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One WebRTC peer in a channel (a Sora connection): its transport, the SDP negotiation (Hibiki always offers), the
 * streams it publishes and the streams it receives.
 *
 * <p>Locking: the connection's monitor guards the SDP state and subscriptions. It is never held while calling into
 * {@link Router}, which calls into connections under its own lock.
 */
public final class Connection implements WebRtcTransport.Handler {

    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    private static final String CNAME = "hibiki";
    private static final int MAX_NACKS = 64;

    private final Router router;
    private final Sfu sfu;
    private final ConnectionSpec spec;
    private final ConnectionListener listener;
    private final WebRtcTransport transport;
    private final SendWorker sendWorker;
    private final OfferBuilder offers;
    private final long rtcpSsrc = randomSsrc();
    private final Map<String, String> sendMids = new LinkedHashMap<>();
    private final Map<Long, IncomingStream> incomingBySsrc = new ConcurrentHashMap<>();
    private final Map<String, IncomingStream> incomingByMid = new ConcurrentHashMap<>();
    private final List<IncomingStream> published = new ArrayList<>();
    private final Map<IncomingStream, OutgoingStream> subscriptions = new LinkedHashMap<>();
    private final Map<Long, OutgoingStream> outgoingBySsrc = new ConcurrentHashMap<>();

    // Receive-thread state.
    private final RtpPacket rtp = new RtpPacket();
    private final RtcpCompoundIterator rtcp = new RtcpCompoundIterator();
    private final NackPacket nack = new NackPacket();
    private final FirPacket fir = new FirPacket();
    private final SenderReport senderReport = new SenderReport();
    private final ReceiverReport receiverReport = new ReceiverReport();
    private final int[] lost = new int[NackPacket.SEQS_PER_ITEM * 64];
    /*
     * Created with the first packet that carries a transport-wide sequence number: together their tables are 84 KB,
     * and a connection that only receives (most of a large audience) never needs them. Guarded by twccLock; the
     * builder is then used by the RTCP thread only.
     */
    private TransportCcRecorder twccRecorder;
    private TransportCcFeedbackBuilder twccBuilder;
    private final Object twccLock = new Object();
    private volatile int twccExtensionId = HeaderExtensions.TRANSPORT_CC_ID;
    private volatile int midExtensionId = HeaderExtensions.MID_ID;

    // Timer-thread state.
    private final RtcpCompoundBuilder rtcpOut = new RtcpCompoundBuilder();
    private final byte[] rtcpBuf = new byte[1500 + WebRtcTransport.SEND_HEADROOM];
    private final int[] nackSeqs = new int[MAX_NACKS];
    private long lastRembNanos;
    private long lastReceiverReportNanos;

    private SessionDescription currentOffer;
    private boolean awaitingAnswer;
    private boolean renegotiationPending;
    private boolean answered;
    private volatile boolean mediaReady;
    private volatile boolean closed;

    Connection(Router router, ConnectionSpec spec, ConnectionListener listener, Sfu sfu, List<IncomingStream> existing) {
        this.router = router;
        this.sfu = sfu;
        this.spec = spec;
        this.listener = listener;
        this.sendWorker = sfu.sendWorkers().assign();
        this.transport = new WebRtcTransport(sfu.iceServer(), sfu.certificate(), this, sfu.counters());
        this.offers = new OfferBuilder(new LocalTransport(transport.localCredentials().ufrag(),
                transport.localCredentials().password(), Fingerprint.parse(sfu.certificate().sdpFingerprint()),
                sfu.candidates()));
        try {
            buildInitialOffer(existing);
        } catch (RuntimeException e) {
            transport.close();
            sfu.sendWorkers().release(sendWorker);
            throw e;
        }
    }

    private synchronized void buildInitialOffer(List<IncomingStream> existing) {
        {
            if (spec.sends()) {
                if (spec.audio()) addReceivingSection(MediaKind.AUDIO, List.of(CodecCatalog.opus(false, false)), null);
                if (spec.video()) {
                    addReceivingSection(MediaKind.VIDEO, CodecCatalog.video(spec.videoCodec()), spec.videoBitRateKbps());
                }
            }
            if (spec.receives()) {
                for (IncomingStream s : existing) addSubscriptionSection(s);
            }
            if (offers.mids().isEmpty()) {
                // A receiver that joins an empty channel still needs one section to set up ICE and DTLS.
                offers.add(OfferSection.dataChannel(offers.nextMid()));
            }
            currentOffer = offers.build();
            awaitingAnswer = true;
        }
    }

    private void addReceivingSection(MediaKind kind, List<Codec> codecs, Integer kbps) {
        String mid = offers.nextMid();
        offers.add(OfferSection.receiving(kind, mid, codecs).withMaxBitrateKbps(kbps));
        sendMids.put(kind.sdpName(), mid);
    }

    private OutgoingStream addSubscriptionSection(IncomingStream source) {
        String mid = offers.nextMid();
        long ssrc = randomSsrc();
        long rtxSsrc = source.codec.hasRtx() ? randomSsrc() : -1;
        OutgoingTrack track = new OutgoingTrack(source.publisher.id(), source.trackId, ssrc,
                rtxSsrc < 0 ? null : rtxSsrc, CNAME);
        offers.add(OfferSection.sending(source.kind, mid, List.of(source.codec), track));
        OutgoingStream out = new OutgoingStream(this, source, mid, ssrc, rtxSsrc);
        subscriptions.put(source, out);
        outgoingBySsrc.put(ssrc, out);
        source.addSubscriber(out);
        return out;
    }

    // ---------------------------------------------------------------- public API

    /** This connection's media totals so far (for the stats API, webhooks and billing). */
    public ConnectionStats.Snapshot stats() {
        double jitter = -1;
        for (IncomingStream s : publishedStreams()) jitter = Math.max(jitter, s.statistics.jitterMillis());
        return transport.stats.snapshot(jitter);
    }

    /**
     * Asks this connection's browser for a keyframe of every video stream it sends (the RequestKeyFrame API).
     *
     * @return false when the connection sends no video
     */
    public boolean requestKeyframes() {
        boolean any = false;
        long now = System.nanoTime();
        for (IncomingStream s : publishedStreams()) {
            if (s.kind != MediaKind.VIDEO || s.ssrc < 0) continue;
            s.requestKeyframe(now);
            any = true;
        }
        return any;
    }

    public String id() {
        return spec.connectionId();
    }

    public ConnectionSpec spec() {
        return spec;
    }

    /** The initial offer (SDP text). */
    public synchronized String offer() {
        return currentOffer.toSdp();
    }

    /** For Sora's {@code offer.mid}: the mid of each kind the client sends, e.g. {@code {audio: "0", video: "1"}}. */
    public synchronized Map<String, String> sendMids() {
        return Map.copyOf(sendMids);
    }

    public void applyAnswer(String sdp) throws InvalidAnswerException {
        AnswerSummary answer;
        synchronized (this) {
            if (answered) throw new InvalidAnswerException("an answer was already applied; use re-answer");
            answer = summarize(sdp);
            answered = true;
            awaitingAnswer = false;
            if (spec.sends()) registerPublishedStreams(answer);
        }
        List<DtlsFingerprint> fingerprints = new ArrayList<>();
        for (Fingerprint f : answer.fingerprints()) {
            try {
                fingerprints.add(DtlsFingerprint.parse(f.attributeValue()));
            } catch (IllegalArgumentException e) {
                // unsupported hash function: another fingerprint may still be usable
            }
        }
        if (fingerprints.isEmpty()) throw new InvalidAnswerException("no usable a=fingerprint (sha-256 expected)");
        transport.start(answer.iceUfrag(), answer.icePwd(), fingerprints,
                answer.serverIsDtlsClient() ? DtlsRole.CLIENT : DtlsRole.SERVER);
        renegotiateIfPending();
    }

    public void applyReAnswer(String sdp) throws InvalidAnswerException {
        synchronized (this) {
            if (!answered) throw new InvalidAnswerException("re-answer before answer");
            summarize(sdp);
            awaitingAnswer = false;
            // Streams added by the re-offer are known to the browser only now: restart them on a keyframe.
            long now = System.nanoTime();
            for (OutgoingStream o : subscriptions.values()) o.awaitKeyframe(now);
        }
        renegotiateIfPending();
    }

    private AnswerSummary summarize(String sdp) throws InvalidAnswerException {
        try {
            return AnswerSummary.of(currentOffer, SessionDescription.parse(sdp));
        } catch (SdpParseException | SdpNegotiationException e) {
            throw new InvalidAnswerException(e.getMessage());
        }
    }

    private void registerPublishedStreams(AnswerSummary answer) {
        for (Map.Entry<String, String> e : sendMids.entrySet()) {
            MediaAnswer m = answer.media(e.getValue()).orElse(null);
            if (m == null || m.rejected() || m.direction() == Direction.RECVONLY || m.direction() == Direction.INACTIVE) {
                continue;
            }
            NegotiatedCodec chosen = m.chosenCodec().orElse(null);
            if (chosen == null) continue;
            Codec codec = CodecCatalog.byPayloadType(chosen.payloadType()).orElse(null);
            if (codec == null) continue;
            m.extensionId(HeaderExtensions.TRANSPORT_CC).ifPresent(id -> twccExtensionId = id);
            m.extensionId(HeaderExtensions.MID).ifPresent(id -> midExtensionId = id);
            MediaKind kind = e.getKey().equals("audio") ? MediaKind.AUDIO : MediaKind.VIDEO;
            SignaledStream signaled = m.streams().isEmpty() ? null : m.streams().getFirst();
            long ssrc = signaled == null ? -1 : signaled.ssrc();
            long rtx = signaled == null || signaled.rtxSsrc() == null ? -1 : signaled.rtxSsrc();
            IncomingStream s = new IncomingStream(this, kind, kind.sdpName() + "-" + id(), ssrc, rtx, codec);
            published.add(s);
            incomingByMid.put(e.getValue(), s);
            if (ssrc >= 0) incomingBySsrc.put(ssrc, s);
            if (rtx >= 0) incomingBySsrc.put(rtx, s);
        }
    }

    /** Closes the transport and leaves the channel; the listener is not called. Idempotent. */
    public void close() {
        if (closed) return;
        closed = true;
        mediaReady = false;
        transport.close();
        router.leave(this);
        synchronized (this) {
            for (OutgoingStream o : subscriptions.values()) o.source.removeSubscriber(o);
            subscriptions.clear();
            outgoingBySsrc.clear();
        }
        sfu.sendWorkers().release(sendWorker);
    }

    // ---------------------------------------------------------------- transport events

    @Override
    public void onTransportConnected() {
        if (closed) return;
        mediaReady = true;
        LOG.debug("connection {} transport up", id());
        listener.onConnected(this);
        List<IncomingStream> mine;
        synchronized (this) {
            mine = List.copyOf(published);
        }
        if (!mine.isEmpty()) router.publish(this, mine);
    }

    @Override
    public void onTransportFailed(String reason) {
        if (closed) return;
        LOG.info("connection {} transport failed: {}", id(), reason);
        close();
        listener.onClosed(this, reason);
    }

    @Override
    public void onRtp(byte[] buf, int off, int len, long nowNanos) {
        double loss = sfu.incomingRtpLoss();
        if (loss > 0 && ThreadLocalRandom.current().nextDouble() < loss) return;
        if (!rtp.wrap(buf, off, len)) return;
        IncomingStream s = incomingBySsrc.get(rtp.ssrc());
        if (s == null) s = learnSsrcFromMid();
        if (s == null) return;
        int twSeq = TransportCcExtension.read(rtp, twccExtensionId);
        if (twSeq >= 0) {
            synchronized (twccLock) {
                if (twccRecorder == null) {
                    twccRecorder = new TransportCcRecorder(4096);
                    twccBuilder = new TransportCcFeedbackBuilder(4096);
                }
                twccRecorder.onPacket(twSeq, nowNanos / 1000);
            }
        }
        s.onPacket(rtp, nowNanos);
    }

    /** Browsers that do not signal SSRCs (Firefox, simulcast) name the section in the mid header extension. */
    private IncomingStream learnSsrcFromMid() {
        String mid = SdesExtension.read(rtp, midExtensionId);
        if (mid == null) return null;
        IncomingStream s = incomingByMid.get(mid);
        if (s == null || s.ssrc >= 0) return null;
        IncomingStream learnt = new IncomingStream(this, s.kind, s.trackId, rtp.ssrc(), -1, s.codec);
        synchronized (this) {
            published.replaceAll(p -> p == s ? learnt : p);
        }
        incomingByMid.put(mid, learnt);
        incomingBySsrc.put(rtp.ssrc(), learnt);
        if (mediaReady) router.publish(this, List.of(learnt));
        return learnt;
    }

    @Override
    public void onRtcp(byte[] buf, int off, int len) {
        if (!rtcp.reset(buf, off, len)) return;
        long now = System.nanoTime();
        while (rtcp.next()) {
            int type = rtcp.packetType();
            int fmt = rtcp.count();
            if (type == RtcpHeader.SR) {
                if (!senderReport.wrap(rtcp.buffer(), rtcp.offset(), rtcp.length())) continue;
                IncomingStream s = incomingBySsrc.get(senderReport.senderSsrc());
                if (s != null && s.ssrc == senderReport.senderSsrc()) {
                    s.onSenderReport(senderReport.ntpTimestamp(), senderReport.rtpTimestamp(), now);
                }
            } else if (type == RtcpHeader.RR) {
                if (!receiverReport.wrap(rtcp.buffer(), rtcp.offset(), rtcp.length())) continue;
                for (int i = 0; i < receiverReport.reportBlockCount(); i++) {
                    ReportBlock block = receiverReport.reportBlock(i);
                    OutgoingStream o = outgoingBySsrc.get(block.ssrc());
                    if (o != null) transport.stats.onRoundTrip(o.roundTripNanos(block, now));
                }
            } else if (type == RtcpHeader.RTPFB && fmt == RtcpHeader.FMT_NACK) {
                if (!nack.wrap(rtcp.buffer(), rtcp.offset(), rtcp.length())) continue;
                transport.stats.nacksReceived.increment();
                OutgoingStream o = outgoingBySsrc.get(nack.mediaSsrc());
                if (o == null) continue;
                int[] seqs = java.util.Arrays.copyOf(lost, nack.lostSequenceNumbers(lost));
                sendWorker.submit(() -> {
                    for (int seq : seqs) o.retransmit(seq, now);
                });
            } else if (type == RtcpHeader.PSFB && fmt == RtcpHeader.FMT_PLI) {
                transport.stats.plisReceived.increment();
                OutgoingStream o = outgoingBySsrc.get(mediaSsrcOfFeedback());
                if (o != null) o.source.requestKeyframe(now);
            } else if (type == RtcpHeader.PSFB && fmt == RtcpHeader.FMT_FIR) {
                if (!fir.wrap(rtcp.buffer(), rtcp.offset(), rtcp.length())) continue;
                transport.stats.plisReceived.increment();
                for (int i = 0; i < fir.entryCount(); i++) {
                    OutgoingStream o = outgoingBySsrc.get(fir.ssrc(i));
                    if (o != null) o.source.requestKeyframe(now);
                }
            }
        }
    }

    private long mediaSsrcOfFeedback() {
        byte[] b = rtcp.buffer();
        int p = rtcp.offset() + 8;
        return ((b[p] & 0xffL) << 24) | ((b[p + 1] & 0xffL) << 16) | ((b[p + 2] & 0xffL) << 8) | (b[p + 3] & 0xffL);
    }

    // ---------------------------------------------------------------- router events

    /** Another sender's streams became available: forward them here (those already forwarded are skipped). */
    void subscribe(List<IncomingStream> streams) {
        if (!spec.receives() || closed) return;
        synchronized (this) {
            boolean added = false;
            for (IncomingStream s : streams) {
                if (!subscriptions.containsKey(s) && !s.publisher.isClosed()) {
                    addSubscriptionSection(s);
                    added = true;
                }
            }
            if (added) renegotiate();
        }
    }

    /** A sender left: stop forwarding its streams and remove their sections. */
    void unsubscribe(Connection publisher) {
        if (closed) return;
        synchronized (this) {
            boolean changed = false;
            for (var it = subscriptions.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                if (e.getKey().publisher != publisher) continue;
                OutgoingStream o = e.getValue();
                e.getKey().removeSubscriber(o);
                outgoingBySsrc.remove(o.ssrc);
                retireSection(o.mid);
                it.remove();
                changed = true;
            }
            if (changed) renegotiate();
        }
    }

    /**
     * Takes a forwarded track's section out of the offer: rejected (port 0), as Sora does, except the BUNDLE-tagged
     * section, the first one present, which carries the transport. Rejecting that one (for a viewer whose only
     * publisher left: every section) makes the browser close the transport, and the connection would end with
     * DTLS-CLOSED. It stays in the BUNDLE, inactive and without a track; the browser still removes the track.
     * Caller holds the monitor.
     */
    private void retireSection(String mid) {
        String bundleTag = offers.mids().stream().filter(m -> offers.section(m).isPresent()).findFirst().orElse(null);
        if (!mid.equals(bundleTag)) {
            offers.remove(mid);
            return;
        }
        OfferSection s = offers.section(mid).orElseThrow();
        offers.update(new OfferSection(s.kind(), mid, Direction.INACTIVE, s.codecs(), null, List.of(), null));
    }

    synchronized List<IncomingStream> publishedStreams() {
        return List.copyOf(published);
    }

    private void renegotiateIfPending() {
        synchronized (this) {
            if (renegotiationPending) {
                renegotiationPending = false;
                renegotiate();
            }
        }
    }

    /** Sends a re-offer, or remembers to once the outstanding one is answered. Caller holds the monitor. */
    private void renegotiate() {
        if (awaitingAnswer) {
            renegotiationPending = true;
            return;
        }
        currentOffer = offers.build();
        awaitingAnswer = true;
        listener.onRenegotiationNeeded(this, currentOffer.toSdp());
    }

    // ---------------------------------------------------------------- RTCP we send

    boolean mediaReady() {
        return mediaReady;
    }

    boolean isClosed() {
        return closed;
    }

    /** The id of the sdes:mid header extension in this connection's RTP (as negotiated; Hibiki's offer by default). */
    int midExtensionId() {
        return midExtensionId;
    }

    WebRtcTransport transport() {
        return transport;
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
        if (mediaSsrc >= 0 && sendKeyframeRequest(out -> out.addPli(rtcpSsrc, mediaSsrc))) {
            transport.stats.plisSent.increment();
        }
    }

    /** FIR (RFC 5104), for senders that do not answer PLI. */
    void sendFir(long mediaSsrc, int sequenceNumber) {
        if (mediaSsrc >= 0 && sendKeyframeRequest(out -> out.addFir(rtcpSsrc, mediaSsrc, sequenceNumber))) {
            transport.stats.firsSent.increment();
        }
    }

    /**
     * Keyframe requests come from the receive thread and the timer, so they get a small buffer of their own rather
     * than the timer's.
     */
    private boolean sendKeyframeRequest(java.util.function.Predicate<RtcpCompoundBuilder> add) {
        if (!mediaReady) return false;
        byte[] b = new byte[64];
        RtcpCompoundBuilder out = new RtcpCompoundBuilder().reset(b, 0, b.length - WebRtcTransport.SEND_HEADROOM);
        return add.test(out) && transport.sendRtcp(b, 0, out.length());
    }

    /**
     * Periodic feedback to a sender: NACKs for lost packets, transport-wide congestion feedback, and a REMB with the
     * bit rate we want (the browser's estimate is capped by it). Called by the SFU's RTCP timer thread only.
     */
    void sendFeedback(long nowNanos, int videoKbps) {
        if (!mediaReady) return;
        List<IncomingStream> streams = publishedStreams();
        if (streams.isEmpty()) return;
        rtcpOut.reset(rtcpBuf, 0, rtcpBuf.length - WebRtcTransport.SEND_HEADROOM);
        if (nowNanos - lastReceiverReportNanos >= 1_000_000_000L) {
            lastReceiverReportNanos = nowNanos;
            List<ReportBlock> blocks = new ArrayList<>(streams.size());
            for (IncomingStream s : streams) {
                ReportBlock b = s.ssrc < 0 ? null : s.statistics.reportBlock(nowNanos);
                if (b != null) blocks.add(b);
            }
            if (!blocks.isEmpty()) rtcpOut.addReceiverReport(rtcpSsrc, blocks);
        }
        for (IncomingStream s : streams) {
            int n = s.pendingNacks(nowNanos, nackSeqs);
            if (n > 0 && s.ssrc >= 0 && rtcpOut.addNack(rtcpSsrc, s.ssrc, nackSeqs, 0, n)) {
                transport.stats.nackedPacketsRequested.add(n);
            }
        }
        long mediaSsrc = streams.getFirst().ssrc;
        TransportCcFeedbackBuilder twcc = null;
        synchronized (twccLock) {
            if (twccRecorder != null && twccRecorder.fill(twccBuilder, rtcpSsrc, Math.max(mediaSsrc, 0))) twcc = twccBuilder;
        }
        if (twcc != null) rtcpOut.addTransportCc(twcc);
        if (nowNanos - lastRembNanos >= 1_000_000_000L) {
            lastRembNanos = nowNanos;
            long[] videoSsrcs = streams.stream().filter(s -> s.kind == MediaKind.VIDEO && s.ssrc >= 0)
                    .mapToLong(s -> s.ssrc).toArray();
            int kbps = spec.videoBitRateKbps() != null ? spec.videoBitRateKbps() : videoKbps;
            if (videoSsrcs.length > 0) rtcpOut.addRemb(rtcpSsrc, kbps * 1000L, videoSsrcs);
        }
        if (!rtcpOut.isEmpty()) transport.sendRtcp(rtcpBuf, 0, rtcpOut.length());
    }

    private static long randomSsrc() {
        return ThreadLocalRandom.current().nextLong(1, 0xFFFF_FFFFL);
    }
}
