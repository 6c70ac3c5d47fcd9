package dev.hibiki.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A whole SDP (RFC 8866): the session-level lines and the media sections in order. Immutable; equal descriptions
 * write the same text, and {@code parse(x.toSdp()).equals(x)} holds for every description.
 *
 * @param connection the session-level {@code c=} line, or null
 * @param otherLines {@code i= u= e= p= r= z= k=} lines, kept as they are
 */
public record SessionDescription(int version, Origin origin, String sessionName, Connection connection,
                                 List<Bandwidth> bandwidths, List<Timing> timings, List<SdpLine> otherLines,
                                 List<Attribute> attributes, List<MediaDescription> media) implements AttributeHolder {

    public SessionDescription {
        if (version != 0) throw new IllegalArgumentException("only SDP version 0 exists: " + version);
        if (origin == null) throw new IllegalArgumentException("origin is required");
        Tokens.requireText(sessionName, "session name");
        bandwidths = List.copyOf(bandwidths);
        timings = List.copyOf(timings);
        otherLines = SdpLine.inWritingOrder(otherLines);
        attributes = List.copyOf(attributes);
        media = List.copyOf(media);
    }

    /**
     * Parses an SDP written with CRLF or LF line ends.
     *
     * @throws SdpParseException for any malformed input, with the line number and the reason; no other exception
     */
    public static SessionDescription parse(String sdp) throws SdpParseException {
        return SdpParser.parse(sdp);
    }

    /** The description as SDP text: CRLF line ends, canonical line order, deterministic. */
    public String toSdp() {
        return SdpWriter.write(this);
    }

    public static Builder builder(Origin origin) {
        return new Builder(origin);
    }

    public Builder toBuilder() {
        Builder b = new Builder(origin);
        b.sessionName = sessionName;
        b.connection = connection;
        b.bandwidths.addAll(bandwidths);
        b.timings.clear();
        b.timings.addAll(timings);
        b.otherLines.addAll(otherLines);
        b.attributes.addAll(attributes);
        b.media.addAll(media);
        return b;
    }

    public List<Group> groups() {
        List<Group> out = new ArrayList<>();
        for (String v : attributeValues("group")) out.add(Group.parse(v));
        return out;
    }

    /** The mids of the first BUNDLE group, or an empty list when there is none. */
    public List<String> bundleMids() {
        for (Group g : groups()) {
            if (g.semantics().equals(Group.BUNDLE)) return g.mids();
        }
        return List.of();
    }

    /** The value of {@code a=msid-semantic}, trimmed: {@code WMS *}. */
    public Optional<String> msidSemantic() {
        return attribute("msid-semantic").map(Tokens::strip);
    }

    public Optional<MediaDescription> media(String mid) {
        for (MediaDescription m : media) {
            if (m.mid().filter(mid::equals).isPresent()) return Optional.of(m);
        }
        return Optional.empty();
    }

    /** The mid of each media section in order; null for a section without one. */
    public List<String> mids() {
        List<String> out = new ArrayList<>();
        for (MediaDescription m : media) out.add(m.mid().orElse(null));
        return out;
    }

    @Override
    public String toString() {
        return toSdp();
    }

    /** Assembles a description; timing defaults to {@code t=0 0} and the session name to {@code -}. */
    public static final class Builder {
        private Origin origin;
        private String sessionName = "-";
        private Connection connection;
        private final List<Bandwidth> bandwidths = new ArrayList<>();
        private final List<Timing> timings = new ArrayList<>(List.of(Timing.UNBOUNDED));
        private final List<SdpLine> otherLines = new ArrayList<>();
        private final List<Attribute> attributes = new ArrayList<>();
        private final List<MediaDescription> media = new ArrayList<>();

        private Builder(Origin origin) {
            this.origin = origin;
        }

        public Builder origin(Origin origin) {
            this.origin = origin;
            return this;
        }

        public Builder sessionName(String sessionName) {
            this.sessionName = sessionName;
            return this;
        }

        public Builder connection(Connection connection) {
            this.connection = connection;
            return this;
        }

        public Builder bandwidth(Bandwidth bandwidth) {
            bandwidths.add(bandwidth);
            return this;
        }

        public Builder timings(List<Timing> timings) {
            this.timings.clear();
            this.timings.addAll(timings);
            return this;
        }

        public Builder otherLine(SdpLine line) {
            otherLines.add(line);
            return this;
        }

        public Builder attribute(Attribute attribute) {
            attributes.add(attribute);
            return this;
        }

        public Builder attribute(String name, String value) {
            return attribute(new Attribute(name, value));
        }

        public Builder flag(String name) {
            return attribute(Attribute.flag(name));
        }

        public Builder media(MediaDescription section) {
            media.add(section);
            return this;
        }

        public Builder clearMedia() {
            media.clear();
            return this;
        }

        public SessionDescription build() {
            return new SessionDescription(0, origin, sessionName, connection, bandwidths, timings, otherLines, attributes, media);
        }
    }
}
