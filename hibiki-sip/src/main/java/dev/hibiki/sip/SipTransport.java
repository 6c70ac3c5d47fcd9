package dev.hibiki.sip;

/** The transport SIP requests of a call travel over. */
public enum SipTransport {
    UDP, TCP;

    public String jainName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
