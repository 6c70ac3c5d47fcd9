package dev.hibiki.srtp;

/**
 * SSRC → value map for the packet path: lock-free, allocation-free lookups over an immutable
 * open-addressing snapshot; inserts (rare: once per new stream) copy the snapshot under a lock.
 */
final class SsrcTable<V> {
    private static final class Snapshot {
        final int[] keys;
        final Object[] values;
        final int size;

        Snapshot(int capacity, int size) {
            this.keys = new int[capacity];
            this.values = new Object[capacity];
            this.size = size;
        }
    }

    private volatile Snapshot snapshot = new Snapshot(8, 0);

    @SuppressWarnings("unchecked")
    V get(int ssrc) {
        Snapshot s = snapshot;
        int mask = s.keys.length - 1;
        for (int i = mix(ssrc) & mask; ; i = (i + 1) & mask) {
            Object v = s.values[i];
            if (v == null) {
                return null;
            }
            if (s.keys[i] == ssrc) {
                return (V) v;
            }
        }
    }

    int size() {
        return snapshot.size;
    }

    /** Inserts unless present; returns the value now in the table. */
    synchronized V putIfAbsent(int ssrc, V value) {
        V existing = get(ssrc);
        if (existing != null) {
            return existing;
        }
        Snapshot old = snapshot;
        int capacity = old.keys.length;
        while ((old.size + 1) * 2 > capacity) {
            capacity <<= 1;
        }
        Snapshot next = new Snapshot(capacity, old.size + 1);
        for (int i = 0; i < old.keys.length; i++) {
            if (old.values[i] != null) {
                insert(next, old.keys[i], old.values[i]);
            }
        }
        insert(next, ssrc, value);
        snapshot = next;
        return value;
    }

    synchronized void clear() {
        snapshot = new Snapshot(8, 0);
    }

    private static void insert(Snapshot s, int key, Object value) {
        int mask = s.keys.length - 1;
        int i = mix(key) & mask;
        while (s.values[i] != null) {
            i = (i + 1) & mask;
        }
        s.keys[i] = key;
        s.values[i] = value;
    }

    private static int mix(int x) {
        int h = x * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
