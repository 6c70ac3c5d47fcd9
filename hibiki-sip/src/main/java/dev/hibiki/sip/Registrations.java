package dev.hibiki.sip;

import dev.hibiki.sip.ua.Registration;
import dev.hibiki.sip.ua.SipUserAgent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The accounts the gateway is registered with, one {@link Registration} each, shared by every call of that
 * account. Calls wait for the first 200 to their REGISTER; a failed registration fails the calls waiting for it
 * and is tried afresh by the next call. Registrations are refreshed until the gateway stops.
 */
final class Registrations implements AutoCloseable {

    interface Failure {
        void failed(int status, String reason);
    }

    private record Waiter(Runnable onRegistered, Failure onFailure) {
    }

    private final class Entry {
        final Registration registration;
        boolean registered;
        final List<Waiter> waiting = new ArrayList<>();

        Entry(SipAccount account) {
            registration = new Registration(ua, account, expiry, timer, (ok, status, reason) -> outcome(this, account, ok, status, reason));
        }
    }

    private final SipUserAgent ua;
    private final Duration expiry;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sip-register");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Entry> entries = new HashMap<>();

    Registrations(SipUserAgent ua, Duration expiry) {
        this.ua = ua;
        this.expiry = expiry;
    }

    private static String key(SipAccount a) {
        return a.login() + "@" + a.domain() + ":" + a.port() + "/" + a.transport() + "/" + a.outboundProxy();
    }

    void whenRegistered(SipAccount account, Runnable onRegistered, Failure onFailure) {
        Entry entry;
        boolean start = false;
        synchronized (this) {
            entry = entries.get(key(account));
            if (entry == null) {
                entry = new Entry(account);
                entries.put(key(account), entry);
                start = true;
            }
            if (!entry.registered) entry.waiting.add(new Waiter(onRegistered, onFailure));
        }
        if (entry.registered) onRegistered.run();
        else if (start) entry.registration.register();
    }

    private void outcome(Entry entry, SipAccount account, boolean ok, int status, String reason) {
        List<Waiter> waiters;
        synchronized (this) {
            waiters = new ArrayList<>(entry.waiting);
            entry.waiting.clear();
            entry.registered = ok;
            if (!ok) entries.remove(key(account));
        }
        for (Waiter w : waiters) {
            if (ok) w.onRegistered().run();
            else w.onFailure().failed(status, reason);
        }
    }

    @Override
    public void close() {
        List<Entry> all;
        synchronized (this) {
            all = new ArrayList<>(entries.values());
            entries.clear();
        }
        for (Entry e : all) if (e.registered) e.registration.unregister();
        timer.shutdownNow();
    }
}
