package dev.hibiki.sip;

/** The call id, or the RTMP URL and stream, is already used by a call in progress. */
public final class CallConflictException extends Exception {
    private final String conflictingCallId;

    /** @param conflictingCallId the call in progress that holds the id or the RTMP target */
    public CallConflictException(String message, String conflictingCallId) {
        super(message, null, false, false);
        this.conflictingCallId = conflictingCallId;
    }

    public String conflictingCallId() {
        return conflictingCallId;
    }
}
