package dev.hibiki.sip.ua;

/** What happens to an outbound call on the SIP side; called on JAIN-SIP's threads, one call at a time. */
public interface CallSignals {
    void ringing(int status);

    /** 200 OK arrived and was ACKed. */
    void answered(SdpAnswer answer);

    /** The far end changed its media in a re-INVITE. */
    void mediaChanged(SdpAnswer answer);

    /** The INVITE (or REGISTER before it) failed: a final error status, 408 for no answer. */
    void failed(int status, String reason);

    /** The call ended: BYE from either side, or CANCEL before the answer. */
    void ended(String reason);
}
