package dev.hibiki.option;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits failed logins, per email address (guessing one user's password from many addresses) and per client
 * address (trying many users from one address): past the limit within a window, logins are refused before any
 * password is checked until the window ends. Counts live in memory, like the platform's token throttle: a restart
 * forgets them, which costs an attacker a restart they cannot cause.
 */
final class LoginThrottle {

    static final int MAX_FAILURES_PER_EMAIL = 10;
    static final int MAX_FAILURES_PER_ADDRESS = 30;
    static final Duration WINDOW = Duration.ofMinutes(15);
    /** More keys than this in one table: it starts afresh rather than grow without bound. */
    private static final int MAX_KEYS = 100_000;

    private record Window(Instant start, int failures) {
    }

    private final Clock clock;
    private final ConcurrentHashMap<String, Window> byEmail = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Window> byAddress = new ConcurrentHashMap<>();

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** Seconds until a login for this email from this address may be tried; 0 when it may now. */
    long retryAfterSeconds(String email, String address) {
        return Math.max(retryAfter(byEmail, email, MAX_FAILURES_PER_EMAIL),
                retryAfter(byAddress, address, MAX_FAILURES_PER_ADDRESS));
    }

    void recordFailure(String email, String address) {
        record(byEmail, email);
        record(byAddress, address);
    }

    /** A successful login clears its email's count (the address keeps its count: it may be trying many users). */
    void recordSuccess(String email) {
        byEmail.remove(email);
    }

    private long retryAfter(ConcurrentHashMap<String, Window> table, String key, int max) {
        Window w = table.get(key);
        if (w == null || w.failures < max) return 0;
        long left = Duration.between(clock.instant(), w.start.plus(WINDOW)).toMillis();
        if (left <= 0) return 0;
        return Math.max(1, (left + 999) / 1000);
    }

    private void record(ConcurrentHashMap<String, Window> table, String key) {
        if (table.size() > MAX_KEYS) table.clear();
        Instant now = clock.instant();
        table.compute(key, (k, w) -> w == null || !now.isBefore(w.start.plus(WINDOW))
                ? new Window(now, 1) : new Window(w.start, w.failures + 1));
    }
}
