package dev.hibiki.sdp;

/** A well-formed answer that cannot complete the negotiation: mids that do not match the offer, missing ICE or DTLS data. */
public final class SdpNegotiationException extends Exception {

    public SdpNegotiationException(String message) {
        super(message);
    }
}
