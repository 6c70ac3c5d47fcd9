package dev.hibiki.sfu;

/** A connection the channel cannot take, such as a second sender on a single-stream channel. */
public final class JoinRefusedException extends Exception {
    public JoinRefusedException(String reason) {
        super(reason, null, false, false);
    }
}
