package dev.hibiki.platform.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hibiki.platform.json.JsonMappers;
import io.javalin.http.Context;
import org.eclipse.jetty.http.BadMessageException;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads a request body as one JSON object, enforcing the size limit. The declared content type is not required to
 * be {@code application/json}: {@code curl -d} without {@code -H "Content-Type: …"} declares a form, and Sora's and
 * ImageFlux's own examples are written that way, so a body is taken for what it parses as. One that does not parse
 * is refused as {@code INVALID_JSON}, with a hint when the declared type says it was never meant to be JSON.
 */
public final class JsonBodyReader {

    public static final int MAX_BODY_BYTES = 1024 * 1024;
    /** How much of an over-limit body is read (and dropped) so that its sender sees the 413: see discardRest. */
    static final long MAX_DISCARDED_BYTES = 16L * 1024 * 1024;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonMappers.sharedBufferFactory())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private JsonBodyReader() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The body as a JSON object; an empty body reads as {@code {}}. */
    public static ObjectNode readObject(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > MAX_BODY_BYTES) {
            try (InputStream in = ctx.bodyInputStream()) {
                discardRest(in, declared);
            } catch (IOException | BadMessageException e) {
                // closing a body that was cut off: the 413 below is all the client gets
            }
            throw tooLarge();
        }
        byte[] body = readBounded(ctx, declared);
        if (body.length == 0) return JsonNodeFactory.instance.objectNode();
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ApiException(ErrorCode.INVALID_JSON, "request body is not valid JSON: "
                    + e.getOriginalMessage().replaceAll("Source: REDACTED \\([^)]*\\); ", "")
                    + location(e) + declaredTypeHint(ctx.contentType()));
        } catch (IOException e) {
            throw new ApiException(ErrorCode.INVALID_JSON, "request body is not valid JSON" + declaredTypeHint(ctx.contentType()));
        }
        if (node == null || node.isMissingNode()) return JsonNodeFactory.instance.objectNode();
        if (!node.isObject()) {
            throw new ApiException(ErrorCode.INVALID_JSON, "request body must be a JSON object such as {\"channel_id\":\"…\"}, not "
                    + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return (ObjectNode) node;
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }

    /** For a body that is not JSON: names the declared type when it is not JSON's, which is then the likely cause. */
    private static String declaredTypeHint(String contentType) {
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (mediaType.isEmpty() || mediaType.equals("application/json")) return "";
        return "; the body must be one JSON object such as {\"channel_id\":\"…\"} (it was declared as " + mediaType + ")";
    }

    private static byte[] readBounded(Context ctx, long declared) {
        try (InputStream in = ctx.bodyInputStream()) {
            byte[] buf = new byte[Math.max(256, (int) Math.min(Math.max(declared, 0), MAX_BODY_BYTES + 1))];
            int n = 0;
            while (true) {
                if (n == buf.length) {
                    if (buf.length > MAX_BODY_BYTES) {
                        discardRest(in, -1);
                        throw tooLarge();
                    }
                    buf = Arrays.copyOf(buf, Math.min(buf.length * 2, MAX_BODY_BYTES + 1));
                }
                int r = in.read(buf, n, buf.length - n);
                if (r < 0) break;
                n += r;
                if (n > MAX_BODY_BYTES) {
                    discardRest(in, -1);
                    throw tooLarge();
                }
            }
            return n == buf.length ? buf : Arrays.copyOf(buf, n);
        } catch (IOException e) {
            if (isTimeout(e)) {
                throw new ApiException(ErrorCode.REQUEST_TIMEOUT, "the request body stopped arriving; send it in full");
            }
            throw new ApiException(ErrorCode.INVALID_JSON, "request body could not be read: " + e.getMessage());
        } catch (BadMessageException e) {
            // Jetty refused the body while it was being read (a malformed chunk, a broken connection)
            throw new ApiException(ErrorCode.INVALID_JSON, "request body could not be read: " + e.getMessage());
        }
    }

    /**
     * Reads and drops what is left of an over-limit body, up to {@link #MAX_DISCARDED_BYTES}, so that a client still
     * writing it reads the 413 instead of a connection reset (HTTP clients stop reading while they send). A body
     * larger than that, or one that stalls (the idle timeout), is cut off: that client may only see the reset.
     *
     * @param declared the Content-Length, or -1 for a chunked body
     */
    private static void discardRest(InputStream in, long declared) {
        if (declared > MAX_DISCARDED_BYTES) return;
        byte[] sink = new byte[16 * 1024];
        long total = 0;
        try {
            int r;
            while (total < MAX_DISCARDED_BYTES && (r = in.read(sink)) >= 0) total += r;
        } catch (IOException | BadMessageException e) {
            // the client went away or stalled: nothing more to drain
        }
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException || t instanceof java.net.SocketTimeoutException) return true;
        }
        return false;
    }

    private static ApiException tooLarge() {
        return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "request body is larger than " + MAX_BODY_BYTES
                + " bytes (1 MiB); send a smaller body");
    }
}
