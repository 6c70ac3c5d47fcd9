package dev.hibiki.sip;

/** Where a call is; FAILED and FINISHED are final. */
public enum CallStatus {
    /** INVITE sent (or REGISTER under way), nothing but 100 Trying heard back. */
    TRYING,
    /** A provisional response above 100 (180 Ringing, 183 Session Progress) arrived. */
    RINGING,
    /** Answered with 200 OK and ACKed; media flows to RTMP. */
    ESTABLISHED,
    /** Refused (a SIP error status), timed out, no RTP for too long, or the gateway could not set it up. */
    FAILED,
    /** Hung up normally, by either side. */
    FINISHED;

    public boolean isFinal() {
        return this == FAILED || this == FINISHED;
    }
}
