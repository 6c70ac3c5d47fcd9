package dev.hibiki.platform.http;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;

/**
 * Jetty's own error answers (a request it refuses before any route sees it: headers or URI too large, a malformed
 * request line) in the JSON error shape every API uses, instead of Jetty's HTML page. The status stays Jetty's.
 */
final class JsonErrorHandler extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int status, String message, Throwable cause,
                                    Callback callback) {
        byte[] body = body(status, message);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status, reason));
    }

    static byte[] body(int status, String reason) {
        return switch (status) {
            case 431 -> JsonResponses.errorBytes(ErrorCode.HEADERS_TOO_LARGE,
                    "the request headers are larger than the server takes (8 KiB); send fewer or shorter headers");
            case 414 -> JsonResponses.errorBytes(ErrorCode.URI_TOO_LONG,
                    "the request URI is longer than the server takes; move parameters into the JSON body");
            case 413 -> JsonResponses.errorBytes(ErrorCode.PAYLOAD_TOO_LARGE,
                    "the request body is larger than " + JsonBodyReader.MAX_BODY_BYTES + " bytes (1 MiB); send a smaller body");
            case 408 -> JsonResponses.errorBytes(ErrorCode.REQUEST_TIMEOUT,
                    "the request did not arrive in time; send it in full");
            case 404 -> JsonResponses.errorBytes(ErrorCode.NOT_FOUND, "no such resource");
            case 405 -> JsonResponses.errorBytes(ErrorCode.METHOD_NOT_ALLOWED, "method not allowed here");
            default -> status >= 500
                    ? JsonResponses.errorBytes(ErrorCode.INTERNAL_ERROR, "the server could not answer (HTTP " + status + ")")
                    : JsonResponses.errorBytes(ErrorCode.BAD_REQUEST, "malformed HTTP request"
                    + (reason == null || reason.isBlank() ? "" : ": " + reason));
        };
    }
}
