package dev.hibiki.sfu;

import dev.hibiki.dtls.DtlsFingerprint;
import dev.hibiki.sdp.AnswerSummary;
import dev.hibiki.sdp.Codec;
import dev.hibiki.sdp.Direction;
import dev.hibiki.sdp.Fingerprint;
import dev.hibiki.sdp.LocalTransport;
import dev.hibiki.sdp.MediaKind;
import dev.hibiki.sdp.OfferBuilder;
import dev.hibiki.sdp.OfferSection;
import dev.hibiki.sdp.OutgoingTrack;
import dev.hibiki.sdp.SdpNegotiationException;
import dev.hibiki.sdp.SdpParseException;
import dev.hibiki.sdp.SessionDescription;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SDP offer/answer of one connection; Hibiki always offers. Sections are added for what the peer sends and for
 * every forwarded stream, and retired when a forwarded sender leaves. One offer is outstanding at a time: a change
 * made while an offer awaits its answer is offered once that answer is in.
 *
 * <p>Not thread-safe: its {@link Connection} calls it under the connection's monitor.
 */
final class Negotiator {

    private final OfferBuilder offers;
    /** The mid of each kind the peer sends, by SDP media name ({@code audio}, {@code video}). */
    private final Map<String, String> sendMids = new LinkedHashMap<>();
    private SessionDescription currentOffer;
    private boolean awaitingAnswer;
    private boolean renegotiationPending;
    private boolean answered;

    Negotiator(LocalTransport local) {
        this.offers = new OfferBuilder(local);
    }

    /** A section in which the peer sends media of this kind to the SFU. */
    void addReceivingSection(MediaKind kind, List<Codec> codecs, Integer maxBitrateKbps) {
        String mid = offers.nextMid();
        offers.add(OfferSection.receiving(kind, mid, codecs).withMaxBitrateKbps(maxBitrateKbps));
        sendMids.put(kind.sdpName(), mid);
    }

    /** A section in which the SFU forwards a track to the peer; returns its mid. */
    String addSendingSection(MediaKind kind, Codec codec, OutgoingTrack track) {
        String mid = offers.nextMid();
        offers.add(OfferSection.sending(kind, mid, List.of(codec), track));
        return mid;
    }

    /**
     * Builds the first offer, with a data channel section when the connection asked for data channels, or when there
     * is no media section yet (to set up ICE and DTLS on).
     */
    void buildInitialOffer(boolean dataChannels) {
        if (dataChannels || offers.mids().isEmpty()) offers.add(OfferSection.dataChannel(offers.nextMid()));
        currentOffer = offers.build();
        awaitingAnswer = true;
    }

    String offerSdp() {
        return currentOffer.toSdp();
    }

    /** The mid of each kind the peer sends, in the order of the offer (audio first). */
    Map<String, String> sendMids() {
        return Collections.unmodifiableMap(sendMids);
    }

    /** Reads the answer to the first offer. */
    AnswerSummary applyAnswer(String sdp) throws InvalidAnswerException {
        if (answered) throw new InvalidAnswerException("an answer was already applied; use re-answer");
        AnswerSummary answer = summarize(sdp);
        answered = true;
        awaitingAnswer = false;
        return answer;
    }

    /** Reads the answer to a re-offer. */
    void applyReAnswer(String sdp) throws InvalidAnswerException {
        if (!answered) throw new InvalidAnswerException("re-answer before answer");
        summarize(sdp);
        awaitingAnswer = false;
    }

    /** The answer's certificate fingerprints the DTLS handshake can check (sha-256). */
    static List<DtlsFingerprint> usableFingerprints(AnswerSummary answer) throws InvalidAnswerException {
        List<DtlsFingerprint> fingerprints = new ArrayList<>();
        for (Fingerprint f : answer.fingerprints()) {
            try {
                fingerprints.add(DtlsFingerprint.parse(f.attributeValue()));
            } catch (IllegalArgumentException e) {
                // unsupported hash function: another fingerprint may still be usable
            }
        }
        if (fingerprints.isEmpty()) throw new InvalidAnswerException("no usable a=fingerprint (sha-256 expected)");
        return fingerprints;
    }

    private AnswerSummary summarize(String sdp) throws InvalidAnswerException {
        try {
            return AnswerSummary.of(currentOffer, SessionDescription.parse(sdp));
        } catch (SdpParseException | SdpNegotiationException e) {
            throw new InvalidAnswerException(e.getMessage());
        }
    }

    /**
     * Takes a forwarded track's section out of the offer: rejected (port 0), as Sora does, except the BUNDLE-tagged
     * section, the first one present, which carries the transport. Rejecting that one (for a viewer whose only
     * publisher left: every section) makes the browser close the transport, and the connection would end with
     * DTLS-CLOSED. It stays in the BUNDLE, inactive and without a track; the browser still removes the track.
     */
    void retireSection(String mid) {
        String bundleTag = offers.mids().stream().filter(m -> offers.section(m).isPresent()).findFirst().orElse(null);
        if (!mid.equals(bundleTag)) {
            offers.remove(mid);
            return;
        }
        OfferSection s = offers.section(mid).orElseThrow();
        offers.update(new OfferSection(s.kind(), mid, Direction.INACTIVE, s.codecs(), null, List.of(), null));
    }

    /**
     * The re-offer to send for the sections changed since the last offer, or null when one is still awaiting its
     * answer: this one is then made when {@link #pendingReOffer} is asked after that answer.
     */
    String reOffer() {
        if (awaitingAnswer) {
            renegotiationPending = true;
            return null;
        }
        currentOffer = offers.build();
        awaitingAnswer = true;
        return currentOffer.toSdp();
    }

    /** The re-offer held back while an answer was awaited, or null. */
    String pendingReOffer() {
        if (!renegotiationPending) return null;
        renegotiationPending = false;
        return reOffer();
    }
}
