package dev.hibiki.sip;

/** The state of a call's RTMP publish. */
public enum RtmpState {
    /** The call is not answered yet. */
    IDLE,
    CONNECTING,
    PUBLISHING,
    /** The connection broke (or could not be made); trying again while the call lasts. */
    RECONNECTING,
    CLOSED
}
