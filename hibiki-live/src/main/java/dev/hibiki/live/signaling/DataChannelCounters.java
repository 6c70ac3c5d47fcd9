package dev.hibiki.live.signaling;

import java.util.concurrent.atomic.LongAdder;

/** Messaging over data channels, for {@code /metrics}: what reached other connections, and what could not. */
final class DataChannelCounters {

    /** {@code #label} messages delivered to a receiving connection (one per receiver). */
    final LongAdder relayed = new LongAdder();
    /** Messages a receiver missed: its channel was closing, or the sender header made the message too large. */
    final LongAdder dropped = new LongAdder();
}
