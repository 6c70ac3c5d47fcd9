package dev.hibiki.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Typed reads of the attributes that may appear at session level and in a media section alike. Reads never fail:
 * {@link Attribute} refuses malformed values of the attributes read here.
 */
public interface AttributeHolder {

    List<Attribute> attributes();

    /** The value of the first attribute with this name; the empty string for a property attribute. */
    default Optional<String> attribute(String name) {
        for (Attribute a : attributes()) {
            if (a.name().equals(name)) return Optional.of(a.value() == null ? "" : a.value());
        }
        return Optional.empty();
    }

    /** The values of every attribute with this name, in order (the empty string for property attributes). */
    default List<String> attributeValues(String name) {
        List<String> out = new ArrayList<>();
        for (Attribute a : attributes()) {
            if (a.name().equals(name)) out.add(a.value() == null ? "" : a.value());
        }
        return out;
    }

    default boolean hasAttribute(String name) {
        for (Attribute a : attributes()) {
            if (a.name().equals(name)) return true;
        }
        return false;
    }

    default Optional<String> iceUfrag() {
        return attribute("ice-ufrag").map(Tokens::strip);
    }

    default Optional<String> icePwd() {
        return attribute("ice-pwd").map(Tokens::strip);
    }

    /** The ICE options of every {@code a=ice-options} line, such as {@code trickle}. */
    default List<String> iceOptions() {
        List<String> out = new ArrayList<>();
        for (String v : attributeValues("ice-options")) out.addAll(Tokens.splitWhitespace(v));
        return out;
    }

    default boolean iceLite() {
        return hasAttribute("ice-lite");
    }

    default List<Fingerprint> fingerprints() {
        List<Fingerprint> out = new ArrayList<>();
        for (String v : attributeValues("fingerprint")) out.add(Fingerprint.parse(v));
        return out;
    }

    default Optional<Setup> setup() {
        return attribute("setup").map(Setup::parse);
    }

    /** The direction attribute written here, if any (a media section without one is sendrecv, RFC 3264). */
    default Optional<Direction> directionAttribute() {
        for (Attribute a : attributes()) {
            Optional<Direction> d = Direction.fromSdpName(a.name());
            if (d.isPresent()) return d;
        }
        return Optional.empty();
    }

    default List<ExtMap> extMaps() {
        List<ExtMap> out = new ArrayList<>();
        for (String v : attributeValues("extmap")) out.add(ExtMap.parse(v));
        return out;
    }

    /** ICE candidates as the browser API writes them: {@code candidate:1 1 udp 2130706431 192.0.2.1 50000 typ host}. */
    default List<String> candidates() {
        List<String> out = new ArrayList<>();
        for (String v : attributeValues("candidate")) out.add("candidate:" + v);
        return out;
    }

    default boolean endOfCandidates() {
        return hasAttribute("end-of-candidates");
    }

    default boolean extmapAllowMixed() {
        return hasAttribute("extmap-allow-mixed");
    }
}
