package dev.hibiki.sdp;

import java.util.List;

/**
 * What one m= section of the server's offer carries. Directions are the server's: {@code RECVONLY} for a slot in
 * which a publisher sends, {@code SENDONLY} for a track forwarded to a viewer (with its {@link OutgoingTrack}).
 *
 * @param codecs          the codecs in order of preference (empty for the data channel section)
 * @param track           the forwarded track, required when the server sends in this section, else null
 * @param simulcastLayers rids the server receives as simulcast ({@code a=rid:r0 recv}, {@code a=simulcast:recv}),
 *                        empty for none
 * @param maxBitrateKbps  the video bitrate the client should not exceed ({@code b=AS} and {@code b=TIAS}), or null
 */
public record OfferSection(MediaKind kind, String mid, Direction direction, List<Codec> codecs, OutgoingTrack track,
                           List<Simulcast.Layer> simulcastLayers, Integer maxBitrateKbps) {

    public OfferSection {
        if (kind == null) throw new IllegalArgumentException("kind is required");
        Tokens.requireField(mid, "mid");
        if (direction == null) throw new IllegalArgumentException("direction is required");
        codecs = List.copyOf(codecs);
        simulcastLayers = List.copyOf(simulcastLayers);
        if (kind.isRtp()) {
            if (codecs.isEmpty()) throw new IllegalArgumentException("section " + mid + " offers no codec");
            for (Codec c : codecs) {
                if (c.kind() != kind) throw new IllegalArgumentException(c.name() + " is not a " + kind.sdpName() + " codec");
            }
        } else if (!codecs.isEmpty() || track != null || !simulcastLayers.isEmpty() || maxBitrateKbps != null) {
            throw new IllegalArgumentException("the data channel section takes no codec, track, simulcast or bitrate");
        }
        if (direction == Direction.SENDONLY && kind.isRtp() && track == null) {
            throw new IllegalArgumentException("sendonly section " + mid + " needs the forwarded track's msid and SSRCs");
        }
        if (track != null && !direction.sends()) {
            throw new IllegalArgumentException("section " + mid + " does not send, so it cannot carry a track");
        }
        if (track != null && track.rtxSsrc() != null && codecs.stream().noneMatch(Codec::hasRtx)) {
            throw new IllegalArgumentException("section " + mid + " has an RTX SSRC but no RTX codec");
        }
        if (!simulcastLayers.isEmpty() && (kind != MediaKind.VIDEO || !direction.receives())) {
            throw new IllegalArgumentException("simulcast is received in video sections only");
        }
        if (maxBitrateKbps != null && maxBitrateKbps <= 0) throw new IllegalArgumentException("bitrate must be positive");
    }

    /** A slot in which the server receives a publisher's track. */
    public static OfferSection receiving(MediaKind kind, String mid, List<Codec> codecs) {
        return new OfferSection(kind, mid, Direction.RECVONLY, codecs, null, List.of(), null);
    }

    /** A section forwarding another participant's track to this client. */
    public static OfferSection sending(MediaKind kind, String mid, List<Codec> codecs, OutgoingTrack track) {
        return new OfferSection(kind, mid, Direction.SENDONLY, codecs, track, List.of(), null);
    }

    /** The SCTP section for data channels ({@code m=application ... webrtc-datachannel}). */
    public static OfferSection dataChannel(String mid) {
        return new OfferSection(MediaKind.APPLICATION, mid, Direction.SENDRECV, List.of(), null, List.of(), null);
    }

    public OfferSection withDirection(Direction newDirection) {
        return new OfferSection(kind, mid, newDirection, codecs, track, simulcastLayers, maxBitrateKbps);
    }

    public OfferSection withTrack(OutgoingTrack newTrack) {
        return new OfferSection(kind, mid, direction, codecs, newTrack, simulcastLayers, maxBitrateKbps);
    }

    public OfferSection withSimulcast(List<Simulcast.Layer> layers) {
        return new OfferSection(kind, mid, direction, codecs, track, layers, maxBitrateKbps);
    }

    public OfferSection withMaxBitrateKbps(Integer kbps) {
        return new OfferSection(kind, mid, direction, codecs, track, simulcastLayers, kbps);
    }
}
