package dev.hibiki.ice;

/** What an {@link IceLiteSession} did with one Binding request; the server counts these. */
enum BindingOutcome {
    /** Authenticated: a success response went out. */
    SUCCESS,
    /** An error response (400, 401, 420 or 487) went out. */
    ERROR_RESPONSE,
    /** FINGERPRINT present but wrong: not STUN after all, silently dropped (RFC 8489 section 7.3). */
    BAD_FINGERPRINT,
    /** The session has failed or closed: silently dropped so the browser notices too. */
    INACTIVE
}
