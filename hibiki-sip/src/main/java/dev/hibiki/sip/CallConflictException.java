package dev.hibiki.sip;

/** The call id, or the RTMP URL and stream, is already used by a call in progress. */
public final class CallConflictException extends Exception {
    public CallConflictException(String message) {
        super(message, null, false, false);
    }
}
