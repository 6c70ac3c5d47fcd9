package dev.hibiki.platform.http;

/** A request that cannot be served, with the stable code and a message that tells the caller what to fix. */
public final class ApiException extends RuntimeException {

    private final ErrorCode code;

    public ApiException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static ApiException invalid(String message) {
        return new ApiException(ErrorCode.INVALID_PARAMETER, message);
    }

    public static ApiException missing(String path) {
        return new ApiException(ErrorCode.MISSING_PARAMETER, path + " is required");
    }
}
