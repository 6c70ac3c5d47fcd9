package dev.hibiki.sfu;

/** An SDP answer that does not fit the offer (unparsable, wrong mids, missing ICE or DTLS parameters). */
public final class InvalidAnswerException extends Exception {
    public InvalidAnswerException(String message) {
        super(message, null, false, false);
    }
}
