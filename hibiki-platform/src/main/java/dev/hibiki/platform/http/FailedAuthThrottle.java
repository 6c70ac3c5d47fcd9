package dev.hibiki.platform.http;

import io.javalin.http.Context;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Limits failed authentications per client address: after {@link #MAX_FAILURES} in one {@link #WINDOW_SECONDS}-second
 * window, that address gets 429 with {@code Retry-After} until the window ends, before any token is looked up. Tokens
 * are 256-bit random secrets that no one guesses; what this stops is a client burning database look-ups (and log
 * lines) with garbage tokens. Checking costs one map look-up. One instance serves every API of the server (see
 * {@link BearerAuthenticator#throttle()}), so that an address has one limit whichever credential it guesses.
 */
public final class FailedAuthThrottle {
    static final int MAX_FAILURES = 30;
    static final long WINDOW_SECONDS = 60;
    /** More addresses than this in one window: the table starts afresh rather than grow without bound. */
    private static final int MAX_ADDRESSES = 100_000;
    private static final long WINDOW_NANOS = WINDOW_SECONDS * 1_000_000_000L;

    private record Window(long startNanos, int failures) {
    }

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final LongAdder failures = new LongAdder();
    private final LongAdder throttled = new LongAdder();

    /** Seconds until {@code address} may try again; 0 when it may now. */
    public long retryAfterSeconds(String address) {
        Window w = windows.get(address);
        if (w == null || w.failures < MAX_FAILURES) return 0;
        long left = w.startNanos + WINDOW_NANOS - System.nanoTime();
        if (left <= 0) return 0;
        throttled.increment();
        return Math.max(1, (left + 999_999_999L) / 1_000_000_000L);
    }

    public void recordFailure(String address) {
        failures.increment();
        if (windows.size() > MAX_ADDRESSES) windows.clear();
        long now = System.nanoTime();
        windows.compute(address, (a, w) -> w == null || now - w.startNanos >= WINDOW_NANOS
                ? new Window(now, 1) : new Window(w.startNanos, w.failures + 1));
    }

    /**
     * The client's address: the peer's, or, when the peer is a proxy on this machine (loopback), the address that
     * proxy appended last to {@code X-Forwarded-For} (nginx's {@code $proxy_add_x_forwarded_for}); otherwise every
     * client behind the proxy would share one limit. A remote peer's X-Forwarded-For is not trusted.
     */
    public static String clientAddress(Context ctx) {
        String peer = ctx.ip();
        String forwarded = ctx.header("X-Forwarded-For");
        if (forwarded == null || forwarded.isBlank() || !isLoopback(peer)) return peer;
        String[] hops = forwarded.split(",");
        String last = hops[hops.length - 1].strip();
        return last.isEmpty() ? peer : last;
    }

    /** Jetty gives the peer as an IP literal (no name lookup here). */
    private static boolean isLoopback(String ip) {
        String a = ip.startsWith("[") && ip.endsWith("]") ? ip.substring(1, ip.length() - 1) : ip;
        return a.startsWith("127.") || a.equals("::1") || a.equals("0:0:0:0:0:0:0:1");
    }

    public void bindMetrics(MeterRegistry metrics) {
        FunctionCounter.builder("hibiki.auth.failures", failures, LongAdder::sum)
                .description("API requests refused for a missing, unknown or revoked access token").register(metrics);
        FunctionCounter.builder("hibiki.auth.throttled", throttled, LongAdder::sum)
                .description("API requests answered 429 because their address failed authentication too often")
                .register(metrics);
    }
}
