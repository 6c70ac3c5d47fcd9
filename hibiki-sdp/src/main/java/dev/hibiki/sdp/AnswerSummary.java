package dev.hibiki.sdp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the SFU needs from a client's answer to its offer: the remote ICE credentials and DTLS fingerprint, the DTLS
 * role, and per mid the direction, accepted codecs, header extension ids and announced SSRCs.
 *
 * <p>Header extension ids: an answerer is expected to reuse the offer's id for each extension it accepts, and
 * libwebrtc does (pc/media_session.cc, {@code NegotiateRtpHeaderExtensions}: "We respond with their RTP header
 * extension id"). Hibiki still takes the ids from the answer, since they are the ones on the client's packets, and
 * reports an id or URI that differs from the offer in {@link #warnings()} rather than refusing the answer.
 *
 * @param fingerprints the answer's certificate fingerprints (usually one); the DTLS handshake must match one of them
 * @param setup        the answerer's DTLS role: {@code ACTIVE} means the client is the DTLS client
 * @param candidates   candidates written in the answer (browsers usually trickle them instead)
 * @param media        one entry per m= section, in order
 * @param warnings     deviations that do not stop the negotiation, for logs
 */
public record AnswerSummary(String iceUfrag, String icePwd, List<Fingerprint> fingerprints, Setup setup,
                            List<String> candidates, boolean endOfCandidates, List<String> bundleMids,
                            List<MediaAnswer> media, List<String> warnings) {

    /** RTP/AVP static payload types (RFC 3551) that browsers may list without an rtpmap. */
    private static final Map<Integer, RtpMap> STATIC_PAYLOAD_TYPES = Map.of(
            0, new RtpMap(0, "PCMU", 8000, 0),
            8, new RtpMap(8, "PCMA", 8000, 0),
            9, new RtpMap(9, "G722", 8000, 0),
            13, new RtpMap(13, "CN", 8000, 0));

    public AnswerSummary {
        fingerprints = List.copyOf(fingerprints);
        candidates = List.copyOf(candidates);
        bundleMids = List.copyOf(bundleMids);
        media = List.copyOf(media);
        warnings = List.copyOf(warnings);
    }

    public Fingerprint fingerprint() {
        return fingerprints.get(0);
    }

    /** The answer chose {@code passive}: the server opens the DTLS handshake. */
    public boolean serverIsDtlsClient() {
        return setup == Setup.PASSIVE;
    }

    public Optional<MediaAnswer> media(String mid) {
        for (MediaAnswer m : media) {
            if (m.mid().equals(mid)) return Optional.of(m);
        }
        return Optional.empty();
    }

    /**
     * Reads an answer against the offer it answers.
     *
     * @throws SdpNegotiationException when the sections do not match the offer's (count, order, mid, media type) or
     *                                 ICE credentials (or a ufrag without a colon), fingerprint or a usable DTLS
     *                                 role are missing
     */
    public static AnswerSummary of(SessionDescription offer, SessionDescription answer) throws SdpNegotiationException {
        List<String> warnings = new ArrayList<>();
        List<MediaDescription> offered = offer.media();
        List<MediaDescription> answered = answer.media();
        if (offered.size() != answered.size()) {
            throw new SdpNegotiationException("answer has " + answered.size() + " media sections, the offer has "
                    + offered.size());
        }
        for (int i = 0; i < offered.size(); i++) checkSection(i, offered.get(i), answered.get(i));

        AttributeHolder transportSection = transportSection(answer);
        String ufrag = transportValue(transportSection, answer, AttributeHolder::iceUfrag)
                .orElseThrow(() -> new SdpNegotiationException("answer has no a=ice-ufrag"));
        if (ufrag.indexOf(':') >= 0) {
            // A colon would split the STUN USERNAME "ours:theirs" (RFC 8445 section 7.2.2) in the wrong place;
            // ice-chars (RFC 8839) have none.
            throw new SdpNegotiationException("answer's a=ice-ufrag must have no colon");
        }
        String pwd = transportValue(transportSection, answer, AttributeHolder::icePwd)
                .orElseThrow(() -> new SdpNegotiationException("answer has no a=ice-pwd"));
        List<Fingerprint> fingerprints = transportSection.fingerprints().isEmpty()
                ? answer.fingerprints() : transportSection.fingerprints();
        if (fingerprints.isEmpty()) throw new SdpNegotiationException("answer has no a=fingerprint");
        Setup setup = setupRole(transportSection, answer, warnings);
        for (MediaDescription m : answered) {
            if (!m.isRejected() && m.iceUfrag().isPresent() && !m.iceUfrag().get().equals(ufrag)) {
                warnings.add("mid " + m.mid().orElse("?") + " has another ice-ufrag than the bundle's; ignored");
            }
        }

        Set<String> candidates = new LinkedHashSet<>(answer.candidates());
        boolean endOfCandidates = answer.endOfCandidates();
        List<MediaAnswer> media = new ArrayList<>();
        for (int i = 0; i < offered.size(); i++) {
            MediaDescription a = answered.get(i);
            candidates.addAll(a.candidates());
            endOfCandidates |= a.endOfCandidates();
            media.add(mediaAnswer(offer, offered.get(i), answer, a, warnings));
        }
        return new AnswerSummary(ufrag, pwd, fingerprints, setup, new ArrayList<>(candidates), endOfCandidates,
                answer.bundleMids(), media, warnings);
    }

    private static void checkSection(int index, MediaDescription offered, MediaDescription answered)
            throws SdpNegotiationException {
        String offerMid = offered.mid().orElse(null);
        String answerMid = answered.mid().orElse(null);
        if (offerMid == null) throw new SdpNegotiationException("offer section " + index + " has no mid");
        if (!offerMid.equals(answerMid)) {
            throw new SdpNegotiationException("answer section " + index + " has mid "
                    + (answerMid == null ? "(none)" : "'" + answerMid + "'") + " where the offer has '" + offerMid + "'");
        }
        if (!offered.media().equals(answered.media())) {
            throw new SdpNegotiationException("answer section " + offerMid + " is " + answered.media()
                    + " where the offer has " + offered.media());
        }
    }

    /** The section whose transport BUNDLE uses: the first mid of the answer's group, else the first accepted one. */
    private static AttributeHolder transportSection(SessionDescription answer) {
        for (String mid : answer.bundleMids()) {
            Optional<MediaDescription> m = answer.media(mid);
            if (m.isPresent() && !m.get().isRejected()) return m.get();
        }
        for (MediaDescription m : answer.media()) {
            if (!m.isRejected()) return m;
        }
        return answer;
    }

    private interface Read {
        Optional<String> from(AttributeHolder holder);
    }

    private static Optional<String> transportValue(AttributeHolder section, SessionDescription session, Read read) {
        Optional<String> v = read.from(section);
        return v.isPresent() ? v : read.from(session);
    }

    private static Setup setupRole(AttributeHolder section, SessionDescription answer, List<String> warnings)
            throws SdpNegotiationException {
        Optional<Setup> setup = section.setup().or(answer::setup);
        if (setup.isEmpty()) {
            // RFC 4145 4: an absent setup attribute means active.
            warnings.add("answer has no a=setup; taken as active");
            return Setup.ACTIVE;
        }
        if (setup.get() != Setup.ACTIVE && setup.get() != Setup.PASSIVE) {
            throw new SdpNegotiationException("answer must choose a=setup:active or passive, not " + setup.get().sdpName());
        }
        return setup.get();
    }

    private static MediaAnswer mediaAnswer(SessionDescription offer, MediaDescription o, SessionDescription answer,
                                           MediaDescription a, List<String> warnings) {
        String mid = a.mid().orElseThrow();
        Direction offerDirection = o.directionAttribute().or(offer::directionAttribute).orElse(Direction.SENDRECV);
        Direction direction = a.directionAttribute().or(answer::directionAttribute).orElse(Direction.SENDRECV);
        if (o.isRejected() && !a.isRejected()) warnings.add("mid " + mid + ": answer accepts a section the offer removed");
        if (!a.isRejected() && !offerDirection.allowsAnswer(direction)) {
            warnings.add("mid " + mid + ": answer direction " + direction.sdpName() + " does not fit offer direction "
                    + offerDirection.sdpName());
        }
        boolean rtp = !a.media().equals(MediaDescription.APPLICATION);
        List<Integer> payloadTypes = rtp ? a.payloadTypes() : List.of();
        Set<Integer> offeredTypes = new LinkedHashSet<>(o.payloadTypes());
        // One pass over each section's attributes: a browser's video section has dozens of payload types.
        Map<Integer, RtpMap> answerMaps = byPayloadType(a.rtpMaps());
        Map<Integer, RtpMap> offerMaps = byPayloadType(o.rtpMaps());
        Map<Integer, Map<String, String>> fmtps = new HashMap<>();
        for (Fmtp f : a.fmtps()) fmtps.putIfAbsent(f.payloadType(), f.parameterMap());
        Map<Integer, List<String>> feedback = new HashMap<>();
        List<String> wildcardFeedback = new ArrayList<>();
        for (RtcpFeedback f : a.rtcpFeedbacks()) {
            if (f.isWildcard()) wildcardFeedback.add(f.feedback());
            else feedback.computeIfAbsent(f.payloadType(), k -> new ArrayList<>()).add(f.feedback());
        }
        List<NegotiatedCodec> codecs = new ArrayList<>();
        for (int pt : payloadTypes) {
            if (!a.isRejected() && !offeredTypes.contains(pt)) {
                warnings.add("mid " + mid + ": payload type " + pt + " was not offered");
            }
            RtpMap m = answerMaps.getOrDefault(pt, offerMaps.getOrDefault(pt, STATIC_PAYLOAD_TYPES.get(pt)));
            if (m == null) {
                warnings.add("mid " + mid + ": payload type " + pt + " has no rtpmap; skipped");
                continue;
            }
            List<String> codecFeedback = new ArrayList<>(feedback.getOrDefault(pt, List.of()));
            codecFeedback.addAll(wildcardFeedback);
            codecs.add(new NegotiatedCodec(pt, m.encoding(), m.clockRate(), m.channels(), fmtps.getOrDefault(pt, Map.of()),
                    codecFeedback));
        }
        return new MediaAnswer(mid, a.media(), a.isRejected(), direction, payloadTypes, codecs,
                extensions(mid, o, a, warnings), a.msid().orElse(null), streams(mid, a, warnings), a.ssrcGroups(),
                a.rids(), a.simulcast().orElse(null));
    }

    private static Map<Integer, RtpMap> byPayloadType(List<RtpMap> maps) {
        Map<Integer, RtpMap> out = new HashMap<>();
        for (RtpMap m : maps) out.putIfAbsent(m.payloadType(), m);
        return out;
    }

    private static Map<Integer, String> extensions(String mid, MediaDescription o, MediaDescription a, List<String> warnings) {
        Map<String, Integer> offeredIds = new HashMap<>();
        for (ExtMap e : o.extMaps()) offeredIds.putIfAbsent(e.uri(), e.id());
        Map<Integer, String> out = new LinkedHashMap<>();
        for (ExtMap e : a.extMaps()) {
            Integer offeredId = offeredIds.get(e.uri());
            if (offeredId == null) warnings.add("mid " + mid + ": answer has extension " + e.uri() + " the offer did not list");
            else if (offeredId != e.id()) {
                warnings.add("mid " + mid + ": answer maps " + e.uri() + " to id " + e.id() + ", the offer to " + offeredId);
            }
            if (out.putIfAbsent(e.id(), e.uri()) != null) {
                warnings.add("mid " + mid + ": extension id " + e.id() + " listed twice");
            }
        }
        return out;
    }

    private static List<SignaledStream> streams(String mid, MediaDescription a, List<String> warnings) {
        Map<Long, Long> rtxOf = new LinkedHashMap<>();
        Set<Long> repairSsrcs = new LinkedHashSet<>();
        for (SsrcGroup g : a.ssrcGroups()) {
            if (g.semantics().equals(SsrcGroup.FID) && g.ssrcs().size() == 2) {
                rtxOf.put(g.ssrcs().get(0), g.ssrcs().get(1));
                repairSsrcs.add(g.ssrcs().get(1));
            }
        }
        Map<Long, Map<String, String>> ssrcs = new LinkedHashMap<>(a.ssrcs());
        for (Long primary : rtxOf.keySet()) ssrcs.putIfAbsent(primary, Map.of());
        Msid sectionMsid = a.msid().orElse(null);
        List<SignaledStream> out = new ArrayList<>();
        for (Map.Entry<Long, Map<String, String>> e : ssrcs.entrySet()) {
            if (repairSsrcs.contains(e.getKey())) continue;
            Msid msid = sectionMsid;
            String ssrcMsid = e.getValue().get("msid");
            if (ssrcMsid != null) {
                try {
                    msid = Msid.parse(ssrcMsid);
                } catch (IllegalArgumentException bad) {
                    warnings.add("mid " + mid + ": ssrc " + e.getKey() + " has a malformed msid; ignored");
                }
            }
            out.add(new SignaledStream(e.getKey(), rtxOf.get(e.getKey()), e.getValue().get("cname"), msid));
        }
        return out;
    }
}
