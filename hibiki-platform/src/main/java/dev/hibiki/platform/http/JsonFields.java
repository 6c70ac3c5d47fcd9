package dev.hibiki.platform.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * Typed access to the fields of a JSON request. Each failure is an {@link ApiException} whose message names the
 * field by its full path (such as {@code hls[0].video.width}), says what was expected and what was sent.
 * A field that is absent or {@code null} counts as not given.
 */
public final class JsonFields {

    private JsonFields() {
    }

    private static JsonNode given(ObjectNode parent, String name) {
        JsonNode v = parent.get(name);
        return v == null || v.isNull() ? null : v;
    }

    public static String path(String parentPath, String name) {
        return parentPath.isEmpty() ? name : parentPath + "." + name;
    }

    public static ObjectNode object(ObjectNode parent, String parentPath, String name, boolean required) {
        JsonNode v = given(parent, name);
        String p = path(parentPath, name);
        if (v == null) {
            if (required) throw ApiException.missing(p);
            return null;
        }
        if (!v.isObject()) throw ApiException.invalid(p + " must be an object, not " + describe(v));
        return (ObjectNode) v;
    }

    public static ArrayNode array(ObjectNode parent, String parentPath, String name, boolean required) {
        JsonNode v = given(parent, name);
        String p = path(parentPath, name);
        if (v == null) {
            if (required) throw ApiException.missing(p);
            return null;
        }
        if (!v.isArray()) throw ApiException.invalid(p + " must be an array, not " + describe(v));
        return (ArrayNode) v;
    }

    /** An integral number within [min, max]; null when absent and not required. */
    public static Long integer(ObjectNode parent, String parentPath, String name, boolean required, long min, long max) {
        JsonNode v = given(parent, name);
        String p = path(parentPath, name);
        if (v == null) {
            if (required) throw ApiException.missing(p);
            return null;
        }
        if (!v.isNumber() || !v.canConvertToExactIntegral() || !v.canConvertToLong()) {
            throw ApiException.invalid(p + " must be an integer" + range(min, max) + ", not " + describe(v));
        }
        long n = v.asLong();
        if (n < min || n > max) throw ApiException.invalid(p + " must be" + range(min, max) + " (got " + n + ")");
        return n;
    }

    /** A finite number; {@code exclusiveMin} is the bound it must exceed, or null for none. */
    public static Double number(ObjectNode parent, String parentPath, String name, boolean required,
                                Double exclusiveMin, double max) {
        JsonNode v = given(parent, name);
        String p = path(parentPath, name);
        if (v == null) {
            if (required) throw ApiException.missing(p);
            return null;
        }
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw ApiException.invalid(p + " must be a number, not " + describe(v));
        }
        double d = v.asDouble();
        if (exclusiveMin != null && d <= exclusiveMin || d > max) {
            String lower = exclusiveMin == null ? "" : " greater than " + plain(exclusiveMin) + " and";
            throw ApiException.invalid(p + " must be" + lower + " at most " + plain(max) + " (got " + v.asText() + ")");
        }
        return d;
    }

    public static String string(ObjectNode parent, String parentPath, String name, boolean required, int maxLength) {
        JsonNode v = given(parent, name);
        String p = path(parentPath, name);
        if (v == null) {
            if (required) throw ApiException.missing(p);
            return null;
        }
        if (!v.isTextual()) throw ApiException.invalid(p + " must be a string, not " + describe(v));
        String s = v.textValue();
        if (s.length() > maxLength) {
            throw ApiException.invalid(p + " must be at most " + maxLength + " characters (got " + s.length() + ")");
        }
        return s;
    }

    /** A required, non-empty string. */
    public static String requiredText(ObjectNode parent, String parentPath, String name, int maxLength) {
        String s = string(parent, parentPath, name, true, maxLength);
        if (s.isEmpty()) throw ApiException.invalid(path(parentPath, name) + " must not be empty");
        return s;
    }

    /** One of {@code allowed}; null when absent. */
    public static String oneOf(ObjectNode parent, String parentPath, String name, Set<String> allowed) {
        String s = string(parent, parentPath, name, false, 200);
        if (s != null && !allowed.contains(s)) {
            throw ApiException.invalid(path(parentPath, name) + " must be one of " + String.join(", ", allowed.stream().sorted().toList())
                    + " (got \"" + s + "\")");
        }
        return s;
    }

    /**
     * An absolute URL with one of the given schemes. An empty string means "none" and returns null, as the
     * ImageFlux API defines for webhook URLs.
     */
    public static String url(ObjectNode parent, String parentPath, String name, Set<String> schemes) {
        String s = string(parent, parentPath, name, false, 2048);
        if (s == null || s.isEmpty()) return null;
        String p = path(parentPath, name);
        String expected = p + " must be an absolute " + String.join(" or ", schemes.stream().sorted().map(x -> x + "://").toList())
                + " URL, or \"\" for none";
        try {
            URI uri = new URI(s);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!schemes.contains(scheme) || uri.getHost() == null || uri.getHost().isEmpty()) {
                throw ApiException.invalid(expected + " (got \"" + s + "\")");
            }
        } catch (URISyntaxException e) {
            throw ApiException.invalid(expected + " (got \"" + s + "\")");
        }
        return s;
    }

    private static String range(long min, long max) {
        if (max == Long.MAX_VALUE) return min == Long.MIN_VALUE ? "" : " of at least " + min;
        return " from " + min + " to " + max;
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static String describe(JsonNode v) {
        return switch (v.getNodeType()) {
            case STRING -> "a string";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NUMBER -> v.isIntegralNumber() ? "an integer" : "a fractional number (" + v.asText() + ")";
            default -> v.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
