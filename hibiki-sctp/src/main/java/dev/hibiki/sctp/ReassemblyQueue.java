package dev.hibiki.sctp;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Received DATA chunks until they make whole messages (RFC 9260 section 6.9), and ordered messages until their turn
 * on their stream (section 6.6). The fragments of one message have consecutive TSNs, so a message is whole when the
 * chunks from a B-flagged one to an E-flagged one are all here. FORWARD-TSN (RFC 3758) drops what it skips; a stream
 * reset (RFC 6525) starts a stream's SSNs at 0 again.
 */
final class ReassemblyQueue {
    /** Where whole messages go, in delivery order. */
    interface Sink {
        void deliver(int stream, int ppid, byte[] message);
    }

    private record Fragment(int stream, int ssn, int ppid, int flags, byte[] data) {
        boolean sameMessage(Fragment o) {
            boolean unordered = (flags & Chunk.FLAG_UNORDERED) != 0;
            return o.stream == stream && ((o.flags & Chunk.FLAG_UNORDERED) != 0) == unordered
                    && (unordered || o.ssn == ssn);
        }
    }

    private record Message(int ppid, byte[] data) {}

    private static final class InboundStream {
        int nextSsn;
        final TreeMap<Integer, Message> waiting = new TreeMap<>();
    }

    private final TreeMap<Long, Fragment> fragments = new TreeMap<>();
    private final Map<Integer, InboundStream> streams = new HashMap<>();
    private final int maxMessageSize;
    private long heldBytes;
    private long oversizedMessages;

    ReassemblyQueue(int maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    /** Bytes received and not yet delivered. */
    long heldBytes() {
        return heldBytes;
    }

    long oversizedMessages() {
        return oversizedMessages;
    }

    /** Takes a new (not duplicate) chunk; the data is copied. */
    void add(long tsn, int stream, int ssn, int ppid, int flags, byte[] b, int off, int len, Sink sink) {
        byte[] data = java.util.Arrays.copyOfRange(b, off, off + len);
        fragments.put(tsn, new Fragment(stream, ssn, ppid, flags, data));
        heldBytes += len;
        assemble(tsn, sink);
    }

    private void assemble(long tsn, Sink sink) {
        Fragment f = fragments.get(tsn);
        long first = tsn;
        for (Fragment c = f; (c.flags & Chunk.FLAG_BEGIN) == 0; ) {
            Fragment p = fragments.get(first - 1);
            if (p == null || !p.sameMessage(f) || (p.flags & Chunk.FLAG_END) != 0) {
                return;
            }
            first--;
            c = p;
        }
        long last = tsn;
        long size = f.data.length;
        for (Fragment c = f; (c.flags & Chunk.FLAG_END) == 0; ) {
            Fragment n = fragments.get(last + 1);
            if (n == null || !n.sameMessage(f) || (n.flags & Chunk.FLAG_BEGIN) != 0) {
                return;
            }
            last++;
            size += n.data.length;
            c = n;
        }
        for (long t = first; t < tsn; t++) {
            size += fragments.get(t).data.length;
        }
        byte[] message;
        if (size > maxMessageSize) {
            message = null;
            fragments.subMap(first, true, last, true).clear();
        } else if (first == last) {
            // a message in one chunk, the common case: its copy is the message
            message = fragments.remove(first).data;
        } else {
            message = new byte[(int) size];
            int pos = 0;
            for (long t = first; t <= last; t++) {
                byte[] d = fragments.remove(t).data;
                System.arraycopy(d, 0, message, pos, d.length);
                pos += d.length;
            }
        }
        heldBytes -= size;
        if (message == null) {
            oversizedMessages++;
        }
        if ((f.flags & Chunk.FLAG_UNORDERED) != 0) {
            if (message != null) {
                sink.deliver(f.stream, f.ppid, message);
            }
            return;
        }
        InboundStream s = streams.computeIfAbsent(f.stream, k -> new InboundStream());
        if (f.ssn != s.nextSsn && !Tsn.ssnAfter(f.ssn, s.nextSsn)) {
            return;
        }
        // an oversized message keeps its place (null data) so that the ones after it are delivered
        s.waiting.put(f.ssn, new Message(f.ppid, message));
        heldBytes += length(message);
        deliverWaiting(f.stream, s, sink);
    }

    private void deliverWaiting(int stream, InboundStream s, Sink sink) {
        for (Message m; (m = s.waiting.remove(s.nextSsn)) != null; ) {
            s.nextSsn = (s.nextSsn + 1) & 0xffff;
            release(stream, m, sink);
        }
    }

    /** FORWARD-TSN: drops fragments up to {@code newCumulative}. */
    void skipTo(long newCumulative) {
        var skipped = fragments.headMap(newCumulative, true);
        for (Fragment f : skipped.values()) {
            heldBytes -= f.data.length;
        }
        skipped.clear();
    }

    /**
     * FORWARD-TSN's stream entry: messages up to {@code ssn} on {@code stream} were abandoned, so the whole ones
     * among them are delivered and the stream moves on past {@code ssn}.
     */
    void skipStream(int stream, int ssn, Sink sink) {
        InboundStream s = streams.computeIfAbsent(stream, k -> new InboundStream());
        if (Tsn.ssnAfter(s.nextSsn, ssn)) {
            return;
        }
        while (!s.waiting.isEmpty()) {
            Integer next = nextWaitingUpTo(s, ssn);
            if (next == null) {
                break;
            }
            release(stream, s.waiting.remove(next), sink);
        }
        s.nextSsn = (ssn + 1) & 0xffff;
        deliverWaiting(stream, s, sink);
    }

    private void release(int stream, Message m, Sink sink) {
        heldBytes -= length(m.data);
        if (m.data != null) {
            sink.deliver(stream, m.ppid, m.data);
        }
    }

    private static int length(byte[] data) {
        return data == null ? 0 : data.length;
    }

    private static Integer nextWaitingUpTo(InboundStream s, int ssn) {
        Integer best = null;
        for (int key : s.waiting.keySet()) {
            if (!Tsn.ssnAfter(key, ssn) && (best == null || Tsn.ssnAfter(best, key))) {
                best = key;
            }
        }
        return best;
    }

    /** RE-CONFIG: the peer reset its outgoing stream, so its next message there has SSN 0. */
    void resetStream(int stream) {
        InboundStream s = streams.remove(stream);
        if (s != null) {
            for (Message m : s.waiting.values()) {
                heldBytes -= length(m.data);
            }
        }
    }
}
