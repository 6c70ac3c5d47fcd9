package dev.hibiki.sdp;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What an answer says about one m= section, read with the offer at hand.
 *
 * @param kind         the media type: {@code audio}, {@code video} or {@code application}
 * @param rejected     the answer set port 0
 * @param direction    the answerer's direction ({@code sendonly} for a publisher's slot)
 * @param payloadTypes the accepted payload types in the answer's order; the first media codec is the one chosen
 * @param extensions   the negotiated header extensions: id to URI, as the answer lists them
 * @param msid         the section's {@code a=msid}, or null
 * @param streams      the SSRCs the client announced it sends, RTX paired
 * @param simulcast    {@code a=simulcast}, or null
 */
public record MediaAnswer(String mid, String kind, boolean rejected, Direction direction, List<Integer> payloadTypes,
                          List<NegotiatedCodec> codecs, Map<Integer, String> extensions, Msid msid,
                          List<SignaledStream> streams, List<SsrcGroup> ssrcGroups, List<Rid> rids,
                          Simulcast simulcast) {

    public MediaAnswer {
        payloadTypes = List.copyOf(payloadTypes);
        codecs = List.copyOf(codecs);
        extensions = Map.copyOf(extensions);
        streams = List.copyOf(streams);
        ssrcGroups = List.copyOf(ssrcGroups);
        rids = List.copyOf(rids);
    }

    /** The codec the client will send and expects to receive: the first accepted media codec. */
    public Optional<NegotiatedCodec> chosenCodec() {
        for (NegotiatedCodec c : codecs) {
            if (c.isMediaCodec()) return Optional.of(c);
        }
        return Optional.empty();
    }

    public Optional<NegotiatedCodec> codec(int payloadType) {
        for (NegotiatedCodec c : codecs) {
            if (c.payloadType() == payloadType) return Optional.of(c);
        }
        return Optional.empty();
    }

    /** The accepted RTX payload type that repairs this payload type. */
    public OptionalInt rtxPayloadType(int payloadType) {
        for (NegotiatedCodec c : codecs) {
            if (c.isRtx() && c.associatedPayloadType().orElse(-1) == payloadType) return OptionalInt.of(c.payloadType());
        }
        return OptionalInt.empty();
    }

    public OptionalInt extensionId(String uri) {
        for (Map.Entry<Integer, String> e : extensions.entrySet()) {
            if (e.getValue().equals(uri)) return OptionalInt.of(e.getKey());
        }
        return OptionalInt.empty();
    }

    /** The rids the client sends as simulcast, in order (from {@code a=simulcast:send}, else from {@code a=rid ... send}). */
    public List<String> sendRids() {
        if (simulcast != null && !simulcast.send().isEmpty()) {
            return simulcast.sendLayers().stream().map(Simulcast.Layer::rid).toList();
        }
        return rids.stream().filter(r -> r.direction() == Rid.Direction.SEND).map(Rid::id).toList();
    }
}
