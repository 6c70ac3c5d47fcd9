package dev.hibiki.ricoh;

/** A ticket that cannot open this connection; the message is the reason the signaling socket closes with. */
public final class TicketRefusedException extends RuntimeException {

    public TicketRefusedException(String reason) {
        super(reason, null, false, false);
    }
}
