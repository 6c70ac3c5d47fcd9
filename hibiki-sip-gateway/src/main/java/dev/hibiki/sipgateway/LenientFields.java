package dev.hibiki.sipgateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hibiki.platform.http.ApiException;
import dev.hibiki.platform.http.JsonFields;

import java.util.Locale;

/**
 * Field readers for the Flashphoner-style call API, whose documented requests send booleans and ports as strings
 * ({@code "hasAudio":"true"}, {@code "sipPort":"5060"}): booleans may be JSON booleans or the strings "true" and
 * "false" (any case); integers may be JSON integers or strings of digits; text fields take strings and, for
 * phone numbers, JSON integers. Everything else is a 400 naming the field.
 */
final class LenientFields {
    private LenientFields() {
    }

    private static JsonNode given(ObjectNode parent, String name) {
        JsonNode v = parent.get(name);
        return v == null || v.isNull() ? null : v;
    }

    static boolean bool(ObjectNode parent, String parentPath, String name, boolean fallback) {
        JsonNode v = given(parent, name);
        if (v == null) return fallback;
        if (v.isBoolean()) return v.booleanValue();
        if (v.isTextual()) {
            String s = v.textValue().strip().toLowerCase(Locale.ROOT);
            if (s.equals("true")) return true;
            if (s.equals("false")) return false;
        }
        throw ApiException.invalid(JsonFields.path(parentPath, name) + " must be true or false (a boolean or the string \"true\"/\"false\"), not "
                + v);
    }

    static int integer(ObjectNode parent, String parentPath, String name, int fallback, int min, int max) {
        JsonNode v = given(parent, name);
        if (v == null) return fallback;
        String p = JsonFields.path(parentPath, name);
        long n;
        if (v.isIntegralNumber() && v.canConvertToLong()) n = v.longValue();
        else if (v.isTextual() && v.textValue().strip().matches("[0-9]{1,9}")) n = Long.parseLong(v.textValue().strip());
        else throw ApiException.invalid(p + " must be an integer from " + min + " to " + max + " (a number or a string of digits), not " + v);
        if (n < min || n > max) throw ApiException.invalid(p + " must be from " + min + " to " + max + " (got " + n + ")");
        return (int) n;
    }

    /** Text (or an integer, read as its digits); null when absent and not required; never empty when required. */
    static String text(ObjectNode parent, String parentPath, String name, boolean required, int maxLength) {
        JsonNode v = given(parent, name);
        String p = JsonFields.path(parentPath, name);
        if (v == null) {
            if (required) throw ApiException.missing(p);
            return null;
        }
        String s;
        if (v.isTextual()) s = v.textValue();
        else if (v.isIntegralNumber()) s = v.asText();
        else throw ApiException.invalid(p + " must be a string, not " + v.getNodeType().name().toLowerCase(Locale.ROOT));
        if (required && s.isEmpty()) throw ApiException.invalid(p + " must not be empty");
        if (s.length() > maxLength) throw ApiException.invalid(p + " must be at most " + maxLength + " characters (got " + s.length() + ")");
        return s;
    }
}
