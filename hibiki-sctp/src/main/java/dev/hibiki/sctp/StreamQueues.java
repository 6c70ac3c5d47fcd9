package dev.hibiki.sctp;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Messages waiting for their first TSN, one FIFO per stream, taken round-robin between streams a whole message at a
 * time (DATA chunks cannot interleave the fragments of two messages): a channel with many queued messages does not
 * hold back another channel's message behind all of them. Used under the association's lock.
 */
final class StreamQueues {
    private final Map<Integer, ArrayDeque<OutgoingMessage>> byStream = new HashMap<>();
    private final ArrayDeque<Integer> turns = new ArrayDeque<>();
    /** The message being fragmented: it keeps going until its last fragment has a TSN. */
    private OutgoingMessage current;

    void add(OutgoingMessage m) {
        ArrayDeque<OutgoingMessage> queue = byStream.get(m.stream);
        if (queue == null) {
            queue = new ArrayDeque<>();
            byStream.put(m.stream, queue);
            turns.add(m.stream);
        }
        queue.add(m);
    }

    /** The message to send from next, or null. */
    OutgoingMessage peek() {
        if (current == null) {
            Integer stream = turns.poll();
            if (stream == null) {
                return null;
            }
            ArrayDeque<OutgoingMessage> queue = byStream.get(stream);
            current = queue.poll();
            if (queue.isEmpty()) {
                byStream.remove(stream);
            } else {
                turns.add(stream);
            }
        }
        return current;
    }

    /** Done with the message {@link #peek} returned: every fragment has a TSN, or it expired before any had. */
    void poll() {
        peek();
        current = null;
    }

    /** An abandoned message leaves wherever it waits. */
    void remove(OutgoingMessage m) {
        if (current == m) {
            current = null;
            return;
        }
        ArrayDeque<OutgoingMessage> queue = byStream.get(m.stream);
        if (queue != null && queue.remove(m) && queue.isEmpty()) {
            byStream.remove(m.stream);
            turns.remove(m.stream);
        }
    }

    boolean isEmpty() {
        return current == null && turns.isEmpty();
    }

    boolean hasQueued(int stream) {
        return (current != null && current.stream == stream) || byStream.containsKey(stream);
    }
}
