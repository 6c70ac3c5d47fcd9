package dev.hibiki.platform;

/** Hibiki could not start for an operational reason (database unreachable, port taken); the message says which. */
public final class StartupException extends RuntimeException {
    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The innermost non-empty message of a cause chain: usually the one naming the real problem. */
    public static String rootMessage(Throwable e) {
        String message = e.getMessage();
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            if (t.getMessage() != null && !t.getMessage().isBlank()) message = t.getMessage();
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
