package dev.hibiki.sfu;

import dev.hibiki.rtp.RtpPacket;
import dev.hibiki.rtp.ext.SdesExtension;
import dev.hibiki.sdp.AnswerSummary;
import dev.hibiki.sdp.Codec;
import dev.hibiki.sdp.CodecCatalog;
import dev.hibiki.sdp.HeaderExtensions;
import dev.hibiki.sdp.MediaAnswer;
import dev.hibiki.sdp.MediaKind;
import dev.hibiki.sdp.NegotiatedCodec;
import dev.hibiki.sdp.SignaledStream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The streams one connection publishes, as its answer announced them, and how its RTP finds them: by SSRC (RTX SSRCs
 * included), or, for a browser that does not signal SSRCs (Firefox, simulcast), by the mid header extension of the
 * first packet, whose SSRC is then learnt. The maps are read on the receive thread without a lock; the list, which
 * keeps the answer's order for reports and feedback, is guarded by this object's monitor.
 */
final class PublishedStreams {

    private final Connection publisher;
    private final Map<Long, IncomingStream> bySsrc = new ConcurrentHashMap<>();
    private final Map<String, IncomingStream> byMid = new ConcurrentHashMap<>();
    private final List<IncomingStream> streams = new ArrayList<>();
    private volatile int twccExtensionId = HeaderExtensions.TRANSPORT_CC_ID;
    private volatile int midExtensionId = HeaderExtensions.MID_ID;

    PublishedStreams(Connection publisher) {
        this.publisher = publisher;
    }

    /**
     * Creates a stream for each section of {@code sendMids} (mid by SDP media name) in which the answer sends media in
     * a codec of the catalogue, and takes the answer's ids of the header extensions the receive path reads.
     */
    void register(AnswerSummary answer, Map<String, String> sendMids) {
        for (Map.Entry<String, String> e : sendMids.entrySet()) {
            MediaAnswer m = answer.media(e.getValue()).orElse(null);
            if (m == null || m.rejected() || !m.direction().sends()) continue;
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
            String trackId = kind.sdpName() + "-" + publisher.id();
            IncomingStream s = new IncomingStream(publisher, kind, trackId, ssrc, rtx, codec);
            synchronized (this) {
                streams.add(s);
            }
            byMid.put(e.getValue(), s);
            if (ssrc >= 0) bySsrc.put(ssrc, s);
            if (rtx >= 0) bySsrc.put(rtx, s);
        }
    }

    /** The stream with this media or RTX SSRC, or null. */
    IncomingStream bySsrc(long ssrc) {
        return bySsrc.get(ssrc);
    }

    /**
     * The stream whose section the packet's mid extension names, if that stream's SSRC is not known yet: it is
     * replaced by one with the packet's SSRC, which is returned. Null otherwise.
     */
    IncomingStream learnFromMid(RtpPacket rtp) {
        String mid = SdesExtension.read(rtp, midExtensionId);
        if (mid == null) return null;
        IncomingStream s = byMid.get(mid);
        if (s == null || s.ssrc >= 0) return null;
        IncomingStream learnt = new IncomingStream(publisher, s.kind, s.trackId, rtp.ssrc(), -1, s.codec);
        synchronized (this) {
            streams.replaceAll(p -> p == s ? learnt : p);
        }
        byMid.put(mid, learnt);
        bySsrc.put(rtp.ssrc(), learnt);
        return learnt;
    }

    /** The id of the transport-wide sequence number extension in this connection's RTP. */
    int twccExtensionId() {
        return twccExtensionId;
    }

    /** The id of the sdes:mid header extension in this connection's RTP (as negotiated; Hibiki's offer by default). */
    int midExtensionId() {
        return midExtensionId;
    }

    synchronized List<IncomingStream> list() {
        return List.copyOf(streams);
    }

    /** The largest interarrival jitter of these streams in milliseconds, or -1 when there are none. */
    double maxJitterMillis() {
        double jitter = -1;
        for (IncomingStream s : list()) jitter = Math.max(jitter, s.statistics.jitterMillis());
        return jitter;
    }

    /** Asks for a keyframe of every video stream whose SSRC is known; false when there is none. */
    boolean requestKeyframes(long nowNanos) {
        boolean any = false;
        for (IncomingStream s : list()) {
            if (s.kind != MediaKind.VIDEO || s.ssrc < 0) continue;
            s.requestKeyframe(nowNanos);
            any = true;
        }
        return any;
    }
}
