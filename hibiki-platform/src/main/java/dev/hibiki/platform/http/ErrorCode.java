package dev.hibiki.platform.http;

/** The stable error codes of every Hibiki API, each with its HTTP status. Clients may switch on these names. */
public enum ErrorCode {
    INVALID_JSON(400),
    INVALID_PARAMETER(400),
    MISSING_PARAMETER(400),
    MISSING_TARGET(400),
    UNKNOWN_TARGET(400),
    MISSING_TOKEN(401),
    INVALID_TOKEN(401),
    CHANNEL_NOT_FOUND(404),
    CONNECTION_NOT_FOUND(404),
    CALL_NOT_FOUND(404),
    PLAYLIST_NOT_LIVE(404),
    PLAYLIST_NOT_FOUND(404),
    ARCHIVE_DESTINATION_NOT_FOUND(404),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    REQUEST_TIMEOUT(408),
    CONFLICT(409),
    ARCHIVE_DESTINATION_IN_USE(409),
    PAYLOAD_TOO_LARGE(413),
    TOO_MANY_REQUESTS(429),
    URI_TOO_LONG(414),
    HEADERS_TOO_LARGE(431),
    BAD_REQUEST(400),
    /** An archive destination's bucket refused the test write: the message says which step and why. */
    ARCHIVE_DESTINATION_UNUSABLE(400),
    INTERNAL_ERROR(500),
    SERVICE_UNAVAILABLE(503);

    private final int status;

    ErrorCode(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }
}
