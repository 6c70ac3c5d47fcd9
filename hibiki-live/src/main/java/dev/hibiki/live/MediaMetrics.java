package dev.hibiki.live;

import dev.hibiki.sfu.Sfu;

/** The media plane's meters: connections, packets through the SFU, drops, and the forwarding delay histogram. */
final class MediaMetrics {

    private MediaMetrics() {
    }

    static void bindTo(io.micrometer.core.instrument.MeterRegistry metrics, Sfu sfu) {
        io.micrometer.core.instrument.Gauge.builder("hibiki.webrtc.connections", sfu, Sfu::connectionCount)
                .description("WebRTC connections in all channels").register(metrics);
        io.micrometer.core.instrument.FunctionCounter.builder("hibiki.rtp.received", sfu, s -> s.counters().rtpReceived())
                .description("RTP packets received from senders").register(metrics);
        io.micrometer.core.instrument.FunctionCounter.builder("hibiki.rtp.forwarded", sfu, s -> s.counters().rtpForwarded())
                .description("RTP packets sent to subscribers").register(metrics);
        io.micrometer.core.instrument.FunctionCounter.builder("hibiki.rtp.fanout.dropped", sfu, s -> s.counters().fanoutDropped())
                .description("RTP packets a send worker dropped because it fell behind (queue full or too old)")
                .register(metrics);
        io.micrometer.core.instrument.FunctionCounter.builder("hibiki.rtcp.received", sfu, s -> s.counters().rtcpReceived())
                .description("RTCP packets received").register(metrics);
        io.micrometer.core.instrument.FunctionCounter.builder("hibiki.srtp.dropped", sfu, s -> s.counters().srtpDropped())
                .description("SRTP/SRTCP packets dropped: authentication failure, replay or malformed").register(metrics);
        io.micrometer.core.instrument.FunctionCounter.builder("hibiki.ice.dropped", sfu, Sfu::iceDropped)
                .description("datagrams the media port dropped (unknown source, bad STUN, ...)").register(metrics);
        // Cumulative like a Prometheus histogram's buckets: packets forwarded within `le` seconds of their arrival.
        for (int i = 0; i < dev.hibiki.sfu.ForwardDelayHistogram.bucketCount(); i++) {
            int upTo = i;
            double le = dev.hibiki.sfu.ForwardDelayHistogram.upperBoundSeconds(i);
            io.micrometer.core.instrument.FunctionCounter.builder("hibiki.rtp.forward.delay", sfu, s -> s.forwardedWithin(upTo))
                    .tag("le", Double.isInfinite(le) ? "+Inf" : java.math.BigDecimal.valueOf(le).stripTrailingZeros().toPlainString())
                    .description("packets sent to a subscriber within le seconds of their arrival from the sender "
                            + "(receive thread's copy to the return of sendto), since start")
                    .register(metrics);
        }
    }
}
