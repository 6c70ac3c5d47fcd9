package dev.hibiki.sdp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One media section: the {@code m=} line and the lines under it, attributes in their original order.
 *
 * @param portCount the {@code /<number of ports>} after the port, or null when absent
 * @param connection the section's {@code c=} line, or null
 * @param otherLines {@code i=} and {@code k=} lines, kept as they are
 */
public record MediaDescription(String media, int port, Integer portCount, String proto, List<String> formats,
                               Connection connection, List<Bandwidth> bandwidths, List<SdpLine> otherLines,
                               List<Attribute> attributes) implements AttributeHolder {

    public static final String AUDIO = "audio";
    public static final String VIDEO = "video";
    public static final String APPLICATION = "application";

    public MediaDescription {
        Tokens.requireToken(media, "media type");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        if (portCount != null && (portCount < 1 || portCount > 65535)) {
            throw new IllegalArgumentException("port count out of range: " + portCount);
        }
        Tokens.requireField(proto, "media protocol");
        formats = List.copyOf(formats);
        if (formats.isEmpty()) throw new IllegalArgumentException("m= line lists no format");
        for (String f : formats) Tokens.requireField(f, "media format");
        bandwidths = List.copyOf(bandwidths);
        otherLines = SdpLine.inWritingOrder(otherLines);
        for (SdpLine l : otherLines) {
            if (SdpLine.MEDIA_TYPES.indexOf(l.type()) < 0) {
                throw new IllegalArgumentException("line type not allowed in a media section: " + l.type());
            }
        }
        attributes = List.copyOf(attributes);
    }

    public static Builder builder(String media, int port, String proto) {
        return new Builder(media, port, proto);
    }

    public Builder toBuilder() {
        Builder b = new Builder(media, port, proto);
        b.portCount = portCount;
        b.formats.addAll(formats);
        b.connection = connection;
        b.bandwidths.addAll(bandwidths);
        b.otherLines.addAll(otherLines);
        b.attributes.addAll(attributes);
        return b;
    }

    public MediaDescription withPort(int newPort) {
        return new MediaDescription(media, newPort, portCount, proto, formats, connection, bandwidths, otherLines, attributes);
    }

    /** Port 0: the section was rejected or removed (RFC 3264 6, 8.2). */
    public boolean isRejected() {
        return port == 0;
    }

    public Optional<String> mid() {
        return attribute("mid").map(Tokens::strip);
    }

    /** The section's direction; sendrecv when it has no direction attribute (session level is not consulted). */
    public Direction direction() {
        return directionAttribute().orElse(Direction.SENDRECV);
    }

    /** The numeric formats of the m= line, in order (the offerer's preference); non-numeric ones are skipped. */
    public List<Integer> payloadTypes() {
        List<Integer> out = new ArrayList<>();
        for (String f : formats) {
            if (Tokens.isDigits(f) && f.length() <= 3) {
                int pt = Integer.parseInt(f);
                if (pt <= 127) out.add(pt);
            }
        }
        return out;
    }

    public List<RtpMap> rtpMaps() {
        List<RtpMap> out = new ArrayList<>();
        for (String v : attributeValues("rtpmap")) out.add(RtpMap.parse(v));
        return out;
    }

    public Optional<RtpMap> rtpMap(int payloadType) {
        for (RtpMap m : rtpMaps()) {
            if (m.payloadType() == payloadType) return Optional.of(m);
        }
        return Optional.empty();
    }

    public List<Fmtp> fmtps() {
        List<Fmtp> out = new ArrayList<>();
        for (String v : attributeValues("fmtp")) out.add(Fmtp.parse(v));
        return out;
    }

    public Optional<Fmtp> fmtp(int payloadType) {
        for (Fmtp f : fmtps()) {
            if (f.payloadType() == payloadType) return Optional.of(f);
        }
        return Optional.empty();
    }

    /** The fmtp parameters of a payload type, or an empty map. */
    public Map<String, String> fmtpParameters(int payloadType) {
        return fmtp(payloadType).map(Fmtp::parameterMap).orElse(Map.of());
    }

    public List<RtcpFeedback> rtcpFeedbacks() {
        List<RtcpFeedback> out = new ArrayList<>();
        for (String v : attributeValues("rtcp-fb")) out.add(RtcpFeedback.parse(v));
        return out;
    }

    /** The feedback that applies to a payload type: its own lines and the {@code *} ones. */
    public List<RtcpFeedback> rtcpFeedback(int payloadType) {
        List<RtcpFeedback> out = new ArrayList<>();
        for (RtcpFeedback f : rtcpFeedbacks()) {
            if (f.payloadType() == payloadType || f.isWildcard()) out.add(f);
        }
        return out;
    }

    /** The RTX payload type whose {@code apt} is this payload type, if any. */
    public OptionalInt rtxPayloadType(int payloadType) {
        String wanted = Integer.toString(payloadType);
        Map<Integer, String> aptOf = new HashMap<>();
        for (Fmtp f : fmtps()) f.parameter("apt").ifPresent(apt -> aptOf.putIfAbsent(f.payloadType(), apt));
        for (RtpMap m : rtpMaps()) {
            if (m.isRtx() && wanted.equals(aptOf.get(m.payloadType()))) return OptionalInt.of(m.payloadType());
        }
        return OptionalInt.empty();
    }

    public List<Msid> msids() {
        List<Msid> out = new ArrayList<>();
        for (String v : attributeValues("msid")) out.add(Msid.parse(v));
        return out;
    }

    public Optional<Msid> msid() {
        List<Msid> all = msids();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    public List<SsrcAttribute> ssrcAttributes() {
        List<SsrcAttribute> out = new ArrayList<>();
        for (String v : attributeValues("ssrc")) out.add(SsrcAttribute.parse(v));
        return out;
    }

    /** Each SSRC in order of first appearance, with its attributes ({@code cname}, {@code msid}...). */
    public Map<Long, Map<String, String>> ssrcs() {
        Map<Long, Map<String, String>> out = new LinkedHashMap<>();
        for (SsrcAttribute a : ssrcAttributes()) {
            out.computeIfAbsent(a.ssrc(), k -> new LinkedHashMap<>()).putIfAbsent(a.name(), a.value() == null ? "" : a.value());
        }
        return out;
    }

    public List<SsrcGroup> ssrcGroups() {
        List<SsrcGroup> out = new ArrayList<>();
        for (String v : attributeValues("ssrc-group")) out.add(SsrcGroup.parse(v));
        return out;
    }

    public List<Rid> rids() {
        List<Rid> out = new ArrayList<>();
        for (String v : attributeValues("rid")) out.add(Rid.parse(v));
        return out;
    }

    public Optional<Simulcast> simulcast() {
        return attribute("simulcast").map(Simulcast::parse);
    }

    public boolean rtcpMux() {
        return hasAttribute("rtcp-mux");
    }

    public boolean rtcpRsize() {
        return hasAttribute("rtcp-rsize");
    }

    /** {@code a=sctp-port} of a data channel section (RFC 8841). */
    public OptionalInt sctpPort() {
        Optional<String> v = attribute("sctp-port").map(Tokens::strip);
        if (v.isEmpty() || !Tokens.isDigits(v.get()) || v.get().length() > 5) return OptionalInt.empty();
        int port = Integer.parseInt(v.get());
        return port <= 65535 ? OptionalInt.of(port) : OptionalInt.empty();
    }

    /** {@code a=max-message-size} of a data channel section (RFC 8841). */
    public OptionalLong maxMessageSize() {
        Optional<String> v = attribute("max-message-size").map(Tokens::strip);
        if (v.isEmpty() || !Tokens.isDigits(v.get()) || v.get().length() > 18) return OptionalLong.empty();
        return OptionalLong.of(Long.parseLong(v.get()));
    }

    /** Assembles a media section line by line. */
    public static final class Builder {
        private String media;
        private int port;
        private Integer portCount;
        private String proto;
        private final List<String> formats = new ArrayList<>();
        private Connection connection;
        private final List<Bandwidth> bandwidths = new ArrayList<>();
        private final List<SdpLine> otherLines = new ArrayList<>();
        private final List<Attribute> attributes = new ArrayList<>();

        private Builder(String media, int port, String proto) {
            this.media = media;
            this.port = port;
            this.proto = proto;
        }

        public Builder media(String media) {
            this.media = media;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder portCount(Integer portCount) {
            this.portCount = portCount;
            return this;
        }

        public Builder proto(String proto) {
            this.proto = proto;
            return this;
        }

        public Builder format(String format) {
            formats.add(format);
            return this;
        }

        public Builder format(int payloadType) {
            return format(Integer.toString(payloadType));
        }

        public Builder connection(Connection connection) {
            this.connection = connection;
            return this;
        }

        public Builder bandwidth(Bandwidth bandwidth) {
            bandwidths.add(bandwidth);
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

        /** Drops every attribute with this name, for rewriting one already copied. */
        public Builder removeAttributes(String name) {
            attributes.removeIf(a -> a.name().equals(name));
            return this;
        }

        public MediaDescription build() {
            return new MediaDescription(media, port, portCount, proto, formats, connection, bandwidths, otherLines, attributes);
        }
    }
}
