package dev.hibiki.ice;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** Hand-written doubles for driving an {@link IceLiteSession} without sockets or real time. */
final class TestDoubles {
    private TestDoubles() {
    }

    record Sent(byte[] bytes, InetSocketAddress to) {
    }

    static final class RecordingTransport implements IceTransport {
        final List<Sent> sent = new CopyOnWriteArrayList<>();

        @Override
        public String protocol() {
            return "udp";
        }

        @Override
        public boolean sendTo(byte[] buf, int off, int len, InetSocketAddress remote) {
            byte[] copy = new byte[len];
            System.arraycopy(buf, off, copy, 0, len);
            sent.add(new Sent(copy, remote));
            return true;
        }

        Sent last() {
            return sent.isEmpty() ? null : sent.get(sent.size() - 1);
        }
    }

    static final class ManualClock implements MonotonicClock {
        private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

        @Override
        public long nanoTime() {
            return nanos.get();
        }

        void advanceMillis(long millis) {
            nanos.addAndGet(millis * 1_000_000L);
        }
    }

    /** Mirrors the server's address table so tests can see what would be routed where. */
    static final class MapRegistry implements IceSessionRegistry {
        final Map<InetSocketAddress, IceLiteSession> routes = new HashMap<>();
        final List<IceLiteSession> unregistered = new ArrayList<>();

        @Override
        public synchronized IceLiteSession bindAddress(IceLiteSession session, InetSocketAddress address) {
            IceLiteSession previous = routes.put(address, session);
            return previous == session ? null : previous;
        }

        @Override
        public synchronized void unbindAddress(IceLiteSession session, InetSocketAddress address) {
            routes.remove(address, session);
        }

        @Override
        public synchronized void unregister(IceLiteSession session) {
            unregistered.add(session);
        }
    }

    static final class RecordingListener implements IceSessionListener {
        final List<IceState> states = new CopyOnWriteArrayList<>();
        final List<String> selections = new CopyOnWriteArrayList<>();

        @Override
        public void onStateChanged(IceLiteSession session, IceState state) {
            states.add(state);
        }

        @Override
        public void onSelectedAddressChanged(IceLiteSession session, InetSocketAddress address, boolean nominated) {
            selections.add(address == null ? "none" : address.getPort() + (nominated ? " nominated" : " provisional"));
        }
    }
}
