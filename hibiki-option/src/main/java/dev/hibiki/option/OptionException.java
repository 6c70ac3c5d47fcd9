package dev.hibiki.option;

/** A rule of the option refused a request; the API turns the reason into a status and a stable code. */
final class OptionException extends RuntimeException {

    enum Reason {
        /** Unknown, or another system's (which must look the same). */
        NOT_FOUND,
        /** The caller lacks the permission. */
        FORBIDDEN,
        /** The request contradicts the state: overlap, started schedule, last master, outside the window. */
        CONFLICT,
        /** A field's value is not allowed. */
        INVALID
    }

    private final Reason reason;

    OptionException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    Reason reason() {
        return reason;
    }

    static OptionException notFound(String message) {
        return new OptionException(Reason.NOT_FOUND, message);
    }

    static OptionException conflict(String message) {
        return new OptionException(Reason.CONFLICT, message);
    }

    static OptionException forbidden(String message) {
        return new OptionException(Reason.FORBIDDEN, message);
    }

    static OptionException invalid(String message) {
        return new OptionException(Reason.INVALID, message);
    }
}
