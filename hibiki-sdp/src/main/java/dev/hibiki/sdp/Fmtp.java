package dev.hibiki.sdp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code a=fmtp:<pt> <parameters>}. The parameters are kept as written; {@link #parameterMap()} reads the usual
 * {@code key=value;key=value} form, and a parameter without {@code =} (such as DTMF's {@code 0-15} or RED's
 * {@code 111/111}) becomes a key with an empty value.
 */
public record Fmtp(int payloadType, String parameters) {

    public Fmtp {
        RtpMap.checkPayloadType(payloadType);
        Tokens.requireText(parameters, "fmtp parameters");
    }

    public static Fmtp parse(String value) {
        String[] parts = Tokens.splitFirst(value);
        int pt = Tokens.parseInt(parts[0], 0, 127, "fmtp payload type");
        return new Fmtp(pt, parts.length == 2 ? parts[1] : "");
    }

    /** Builds the line from a map, in the map's order. */
    public static Fmtp of(int payloadType, Map<String, String> parameters) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : parameters.entrySet()) {
            if (!sb.isEmpty()) sb.append(';');
            sb.append(e.getKey());
            if (!e.getValue().isEmpty()) sb.append('=').append(e.getValue());
        }
        return new Fmtp(payloadType, sb.toString());
    }

    public Map<String, String> parameterMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (String part : parameters.split(";")) {
            String p = Tokens.strip(part);
            if (p.isEmpty()) continue;
            int eq = p.indexOf('=');
            if (eq < 0) map.put(p, "");
            else map.put(Tokens.strip(p.substring(0, eq)), Tokens.strip(p.substring(eq + 1)));
        }
        return Collections.unmodifiableMap(map);
    }

    /** A parameter by name, ignoring case as the codec RFCs do. */
    public Optional<String> parameter(String name) {
        for (Map.Entry<String, String> e : parameterMap().entrySet()) {
            if (e.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) return Optional.of(e.getValue());
        }
        return Optional.empty();
    }

    public String value() {
        return parameters.isEmpty() ? Integer.toString(payloadType) : payloadType + " " + parameters;
    }

    public Attribute toAttribute() {
        return new Attribute("fmtp", value());
    }
}
