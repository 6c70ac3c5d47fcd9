package dev.hibiki.option;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hibiki.platform.http.ApiException;
import dev.hibiki.platform.http.JsonBodyReader;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * A request's fields: the JSON body, and for GET and DELETE also the query parameters (the document calls its
 * fields "query names"; where both give a field, the body wins). Values are read leniently as the document's
 * clients send them: a boolean as {@code true}/{@code false} or {@code 1}/{@code 0}, an integer as a number or
 * digits. Each refusal names the field and what to send.
 */
final class OptionRequest {

    private final ObjectNode fields;

    private OptionRequest(ObjectNode fields) {
        this.fields = fields;
    }

    static OptionRequest of(Context ctx) {
        ObjectNode body = JsonBodyReader.readObject(ctx);
        if (ctx.method() == HandlerType.GET || ctx.method() == HandlerType.DELETE) {
            for (Map.Entry<String, List<String>> q : ctx.queryParamMap().entrySet()) {
                if (!body.has(q.getKey()) && !q.getValue().isEmpty()) body.put(q.getKey(), q.getValue().get(0));
            }
        }
        return new OptionRequest(body);
    }

    ObjectNode fields() {
        return fields;
    }

    private JsonNode given(String name) {
        JsonNode v = fields.get(name);
        return v == null || v.isNull() ? null : v;
    }

    boolean has(String name) {
        return given(name) != null;
    }

    String requiredText(String name) {
        String v = text(name);
        if (v == null) throw ApiException.missing(name);
        return v;
    }

    /** A string, or null when absent. */
    String text(String name) {
        JsonNode v = given(name);
        if (v == null) return null;
        if (!v.isTextual()) throw ApiException.invalid(name + " must be a string");
        return v.asText();
    }

    Boolean bool(String name) {
        JsonNode v = given(name);
        if (v == null) return null;
        if (v.isBoolean()) return v.booleanValue();
        if (v.isIntegralNumber() && (v.asLong() == 0 || v.asLong() == 1)) return v.asLong() == 1;
        if (v.isTextual()) {
            switch (v.asText().strip()) {
                case "true", "1" -> { return true; }
                case "false", "0" -> { return false; }
                default -> { }
            }
        }
        throw ApiException.invalid(name + " must be true or false (or 1 or 0)");
    }

    boolean bool(String name, boolean absent) {
        Boolean v = bool(name);
        return v == null ? absent : v;
    }

    /** An integer within [min, max], or null when absent. */
    Long integer(String name, long min, long max) {
        JsonNode v = given(name);
        if (v == null) return null;
        long n;
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            n = v.asLong();
        } else if (v.isTextual() && v.asText().strip().matches("-?\\d{1,18}")) {
            n = Long.parseLong(v.asText().strip());
        } else {
            throw ApiException.invalid(name + " must be an integer");
        }
        if (n < min || n > max) throw ApiException.invalid(name + " must be from " + min + " to " + max + " (got " + n + ")");
        return n;
    }

    long requiredInteger(String name, long min, long max) {
        Long v = integer(name, min, max);
        if (v == null) throw ApiException.missing(name);
        return v;
    }

    /** A datetime in one of the document's spellings, in the option's time zone; null when absent. */
    OffsetDateTime datetime(String name, OptionTimes times) {
        String v = text(name);
        if (v == null) return null;
        return times.parse(v).orElseThrow(() -> ApiException.invalid(name + " must be a datetime such as "
                + OptionTimes.ACCEPTED_FORMATS + " (" + times.zone() + "), not \"" + v + "\""));
    }

    OffsetDateTime requiredDatetime(String name, OptionTimes times) {
        OffsetDateTime v = datetime(name, times);
        if (v == null) throw ApiException.missing(name);
        return v;
    }
}
