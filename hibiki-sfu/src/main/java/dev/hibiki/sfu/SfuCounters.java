package dev.hibiki.sfu;

import java.util.concurrent.atomic.LongAdder;

/** Process-wide media counters, for /metrics. */
public final class SfuCounters {
    final LongAdder rtpReceived = new LongAdder();
    final LongAdder rtcpReceived = new LongAdder();
    final LongAdder srtpDropped = new LongAdder();
    final LongAdder rtpForwarded = new LongAdder();
    final LongAdder fanoutDropped = new LongAdder();

    /** RTP packets that authenticated and entered the router. */
    public long rtpReceived() { return rtpReceived.sum(); }

    /** RTCP compound packets that authenticated. */
    public long rtcpReceived() { return rtcpReceived.sum(); }

    /** SRTP/SRTCP packets dropped: authentication failure, replay, or malformed. */
    public long srtpDropped() { return srtpDropped.sum(); }

    /** RTP packets sent to subscribers (retransmissions included). */
    public long rtpForwarded() { return rtpForwarded.sum(); }

    /**
     * Packets (or retransmission/report tasks) a send worker dropped because it fell behind: its queue was full,
     * or a packet waited longer than the delay limit. Each drop skips one packet for that worker's subscribers.
     */
    public long fanoutDropped() { return fanoutDropped.sum(); }
}
