package dev.hibiki.storage.spool;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

/**
 * What the spool holds and in which order it uploads it. Items are queued per group (destination and group
 * name), in sequence order; a group has at most one item under way, and waits out its retry delay before the
 * next try, while other groups go on. Groups whose next item may be tried are handed to the workers through a
 * delay queue. Also keeps the byte count against the limit and chooses what to drop when it is reached.
 * Thread-safe: every method holds this object's lock, briefly.
 */
final class SpoolQueues {

    record GroupKey(String destinationId, String group) {
    }

    /** An item in memory: the item, its data file, and its tries so far. */
    static final class Entry {
        final SpoolItem item;
        final Path data;
        int failures;
        int permanentFailures;

        Entry(SpoolItem item, Path data) {
            this.item = item;
            this.data = data;
        }
    }

    private static final class Group {
        final GroupKey key;
        final TreeMap<Long, Entry> entries = new TreeMap<>();
        Entry inFlight;
        long scheduledToken;

        Group(GroupKey key) {
            this.key = key;
        }
    }

    /** A group whose head may be tried at {@code atNanos}; stale once the group was scheduled again or removed. */
    private record Ready(Group group, long token, long atNanos) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(atNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(atNanos, ((Ready) o).atNanos);
        }
    }

    /** The next item a worker should upload. */
    record Work(GroupKey group, Entry entry) {
    }

    private final Map<GroupKey, Group> groups = new HashMap<>();
    private final TreeMap<Long, Entry> all = new TreeMap<>();
    private final DelayQueue<Ready> ready = new DelayQueue<>();
    private final long maxBytes;
    private long bytes;
    private long reserved;
    private long tokens;

    SpoolQueues(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Makes room for {@code size} bytes, dropping whole groups, oldest item first, while that is needed: their
     * entries are returned (already out of the queues) for the caller to fail loudly and delete. An item under
     * way is never dropped.
     *
     * @throws SpoolFullException even dropping everything that may be dropped leaves no room
     */
    synchronized List<Entry> reserve(long size) throws SpoolFullException {
        List<Entry> dropped = new ArrayList<>();
        while (bytes + reserved + size > maxBytes) {
            Group victim = oldestDroppableGroup();
            if (victim == null) {
                // put back what was taken out: no room is made for nothing
                for (Entry e : dropped) add(e);
                throw new SpoolFullException("the upload spool is full: " + (bytes + reserved) + " of " + maxBytes
                        + " bytes are queued or being uploaded, and " + size + " more do not fit");
            }
            for (Entry e : List.copyOf(victim.entries.values())) {
                if (e == victim.inFlight) continue;
                remove(victim, e);
                dropped.add(e);
            }
        }
        reserved += size;
        return dropped;
    }

    synchronized void cancelReservation(long size) {
        reserved -= size;
    }

    /** Turns a reservation into a queued item (also used, with a reservation of 0, when the spool reopens). */
    synchronized void admit(Entry e, long reservedSize) {
        reserved -= reservedSize;
        add(e);
    }

    private void add(Entry e) {
        GroupKey key = new GroupKey(e.item.destinationId(), e.item.group());
        Group g = groups.computeIfAbsent(key, Group::new);
        boolean idle = g.entries.isEmpty();
        g.entries.put(e.item.sequence(), e);
        all.put(e.item.sequence(), e);
        bytes += e.item.size();
        if (idle && g.inFlight == null) schedule(g, 0);
    }

    private Group oldestDroppableGroup() {
        for (Entry e : all.values()) {
            Group g = groups.get(new GroupKey(e.item.destinationId(), e.item.group()));
            if (g.entries.size() > (g.inFlight != null ? 1 : 0)) return g;
        }
        return null;
    }

    /** Blocks until some group's head may be tried, and marks it under way. */
    Work take() throws InterruptedException {
        while (true) {
            Ready r = ready.take();
            synchronized (this) {
                Group g = r.group();
                if (groups.get(g.key) != g || r.token() != g.scheduledToken || g.inFlight != null
                        || g.entries.isEmpty()) {
                    continue;
                }
                g.inFlight = g.entries.firstEntry().getValue();
                return new Work(g.key, g.inFlight);
            }
        }
    }

    /** The item under way is done with (uploaded or given up): it leaves the queues; the group goes on. */
    synchronized void finished(Work w) {
        Group g = groups.get(w.group());
        if (g == null) return;
        g.inFlight = null;
        remove(g, w.entry());
        if (!g.entries.isEmpty()) schedule(g, 0);
    }

    /** The item under way failed and is tried again after {@code delayNanos}; its group waits until then. */
    synchronized void retryLater(Work w, long delayNanos) {
        Group g = groups.get(w.group());
        if (g == null) return;
        g.inFlight = null;
        if (!g.entries.isEmpty()) schedule(g, delayNanos);
    }

    private void remove(Group g, Entry e) {
        if (g.entries.remove(e.item.sequence()) != null) {
            all.remove(e.item.sequence());
            bytes -= e.item.size();
        }
        if (g.entries.isEmpty() && g.inFlight == null) groups.remove(g.key);
    }

    private void schedule(Group g, long delayNanos) {
        g.scheduledToken = ++tokens;
        ready.add(new Ready(g, g.scheduledToken, System.nanoTime() + delayNanos));
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized int items() {
        return all.size();
    }

    /** When the oldest queued item was enqueued, in epoch milliseconds, or -1 when nothing is queued. */
    synchronized long oldestEnqueuedMillis() {
        return all.isEmpty() ? -1 : all.firstEntry().getValue().item.enqueuedAt().toEpochMilli();
    }
}
