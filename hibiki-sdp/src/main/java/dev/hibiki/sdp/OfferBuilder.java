package dev.hibiki.sdp;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds the offers the server sends to one client, Sora style: ICE lite, one BUNDLE group, {@code setup:actpass},
 * rtcp-mux, fixed codec payload types and header extension ids. Keep one builder per peer connection: it holds the
 * session id and the m= sections in their order, so each re-offer keeps every earlier section at its place.
 *
 * <p>Removing a section keeps it with port 0 and {@code a=inactive}, out of the BUNDLE group (RFC 8843 7.5.3); adding
 * a section with the mid of a removed one reuses that place, as Sora does. Not thread-safe.
 */
public final class OfferBuilder {

    public static final String RTP_PROTO = "UDP/TLS/RTP/SAVPF";
    public static final String SCTP_PROTO = "UDP/DTLS/SCTP";
    public static final int SCTP_PORT = 5000;
    public static final long MAX_MESSAGE_SIZE = 262144;

    private static final int DISCARD_PORT = 9;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final long sessionId;
    private long version;
    private LocalTransport transport;
    private boolean candidatePortInMediaLine;
    private final List<Slot> slots = new ArrayList<>();

    private record Slot(OfferSection section, boolean removed) {
    }

    public OfferBuilder(LocalTransport transport) {
        // 62 bits, as RFC 8866 advises for a random session id, and positive in a long.
        this(transport, RANDOM.nextLong() >>> 2);
    }

    public OfferBuilder(LocalTransport transport, long sessionId) {
        if (sessionId < 0) throw new IllegalArgumentException("session id must not be negative");
        this.transport = requireTransport(transport);
        this.sessionId = sessionId;
    }

    public long sessionId() {
        return sessionId;
    }

    /** The origin version of the last offer built, 0 before the first. */
    public long version() {
        return version;
    }

    /** New credentials or candidates (ICE restart, TURN added); takes effect in the next offer. */
    public OfferBuilder transport(LocalTransport newTransport) {
        this.transport = requireTransport(newTransport);
        return this;
    }

    /** Writes the first candidate's port on m= lines instead of 9. Browsers ignore it either way. */
    public OfferBuilder candidatePortInMediaLine(boolean enabled) {
        this.candidatePortInMediaLine = enabled;
        return this;
    }

    /**
     * Appends a section, or puts it in the place of the removed section with the same mid.
     *
     * @throws IllegalStateException if a section with this mid is present and not removed
     */
    public OfferBuilder add(OfferSection section) {
        int i = indexOf(section.mid());
        if (i < 0) {
            slots.add(new Slot(section, false));
        } else if (slots.get(i).removed()) {
            slots.set(i, new Slot(section, false));
        } else {
            throw new IllegalStateException("mid " + section.mid() + " is in use");
        }
        return this;
    }

    /**
     * Replaces a present section with one of the same mid and kind (a new direction, track or bitrate).
     *
     * @throws IllegalStateException if there is no such present section
     */
    public OfferBuilder update(OfferSection section) {
        int i = indexOf(section.mid());
        if (i < 0 || slots.get(i).removed()) throw new IllegalStateException("no section with mid " + section.mid());
        if (slots.get(i).section().kind() != section.kind()) throw new IllegalStateException("a section's kind cannot change");
        slots.set(i, new Slot(section, false));
        return this;
    }

    /**
     * Removes a section: it stays in the offer with port 0, and its mid can be given to a later section.
     *
     * @throws IllegalStateException if there is no such section
     */
    public OfferBuilder remove(String mid) {
        int i = indexOf(mid);
        if (i < 0) throw new IllegalStateException("no section with mid " + mid);
        slots.set(i, new Slot(slots.get(i).section(), true));
        return this;
    }

    /** The present (not removed) section with this mid. */
    public Optional<OfferSection> section(String mid) {
        int i = indexOf(mid);
        return i >= 0 && !slots.get(i).removed() ? Optional.of(slots.get(i).section()) : Optional.empty();
    }

    /** Every mid in m= line order, removed ones included. */
    public List<String> mids() {
        List<String> out = new ArrayList<>();
        for (Slot s : slots) out.add(s.section().mid());
        return out;
    }

    /** The mids of removed sections, whose places a new section of any kind may take. */
    public List<String> removedMids() {
        List<String> out = new ArrayList<>();
        for (Slot s : slots) if (s.removed()) out.add(s.section().mid());
        return out;
    }

    /** The smallest non-negative integer not used as a mid yet, removed sections included. */
    public String nextMid() {
        for (int n = 0; ; n++) {
            if (indexOf(Integer.toString(n)) < 0) return Integer.toString(n);
        }
    }

    /** The next offer: the origin version goes up by one on every call. */
    public SessionDescription build() {
        version++;
        SessionDescription.Builder sd = SessionDescription.builder(
                new Origin("-", Long.toString(sessionId), Long.toString(version), "IN", "IP4", "127.0.0.1"));
        sd.flag("ice-lite");
        List<String> bundled = new ArrayList<>();
        for (Slot s : slots) if (!s.removed()) bundled.add(s.section().mid());
        if (!bundled.isEmpty()) sd.attribute(new Group(Group.BUNDLE, bundled).toAttribute());
        sd.attribute("msid-semantic", " WMS *");
        for (Slot s : slots) sd.media(section(s.section(), s.removed()));
        return sd.build();
    }

    private MediaDescription section(OfferSection s, boolean removed) {
        int port = removed ? 0 : candidatePortInMediaLine ? transport.firstCandidatePort() : DISCARD_PORT;
        boolean rtp = s.kind().isRtp();
        MediaDescription.Builder m = MediaDescription.builder(s.kind().sdpName(), port, rtp ? RTP_PROTO : SCTP_PROTO)
                .connection(Connection.ANY_IP4);
        if (rtp) {
            for (Codec c : s.codecs()) {
                m.format(c.payloadType());
                if (c.hasRtx()) m.format(c.rtxPayloadType());
            }
        } else {
            m.format("webrtc-datachannel");
        }
        if (!removed && s.maxBitrateKbps() != null) {
            m.bandwidth(new Bandwidth(Bandwidth.AS, s.maxBitrateKbps()));
            m.bandwidth(new Bandwidth(Bandwidth.TIAS, s.maxBitrateKbps() * 1000L));
        }
        m.attribute("ice-ufrag", transport.iceUfrag())
                .attribute("ice-pwd", transport.icePwd())
                .attribute(transport.fingerprint().toAttribute())
                .attribute("setup", Setup.ACTPASS.sdpName())
                .attribute("mid", s.mid());
        if (rtp) {
            writeRtp(m, s, removed);
        } else {
            m.attribute("sctp-port", Integer.toString(SCTP_PORT))
                    .attribute("max-message-size", Long.toString(MAX_MESSAGE_SIZE));
        }
        if (!removed) {
            for (String c : transport.candidateValues()) m.attribute("candidate", c);
            m.flag("end-of-candidates");
        }
        return m.build();
    }

    private static void writeRtp(MediaDescription.Builder m, OfferSection s, boolean removed) {
        for (ExtMap e : HeaderExtensions.offeredFor(s.kind())) m.attribute(e.toAttribute());
        m.flag(removed ? Direction.INACTIVE.sdpName() : s.direction().sdpName());
        OutgoingTrack track = removed ? null : s.track();
        if (track != null) m.attribute(track.msid().toAttribute());
        m.flag("rtcp-mux").flag("rtcp-rsize");
        for (Codec c : s.codecs()) c.writeTo(m);
        if (!removed && !s.simulcastLayers().isEmpty()) {
            for (Simulcast.Layer l : s.simulcastLayers()) m.attribute(new Rid(l.rid(), Rid.Direction.RECV).toAttribute());
            m.attribute(Simulcast.receiving(s.simulcastLayers()).toAttribute());
        }
        if (track != null) writeSsrcs(m, track);
    }

    private static void writeSsrcs(MediaDescription.Builder m, OutgoingTrack t) {
        String msid = t.msid().value();
        if (t.rtxSsrc() != null) m.attribute(new SsrcGroup(SsrcGroup.FID, List.of(t.ssrc(), t.rtxSsrc())).toAttribute());
        m.attribute(new SsrcAttribute(t.ssrc(), "cname", t.cname()).toAttribute());
        m.attribute(new SsrcAttribute(t.ssrc(), "msid", msid).toAttribute());
        if (t.rtxSsrc() != null) {
            m.attribute(new SsrcAttribute(t.rtxSsrc(), "cname", t.cname()).toAttribute());
            m.attribute(new SsrcAttribute(t.rtxSsrc(), "msid", msid).toAttribute());
        }
    }

    private int indexOf(String mid) {
        for (int i = 0; i < slots.size(); i++) {
            if (slots.get(i).section().mid().equals(mid)) return i;
        }
        return -1;
    }

    private static LocalTransport requireTransport(LocalTransport transport) {
        if (transport == null) throw new IllegalArgumentException("transport is required");
        return transport;
    }
}
