package dev.hibiki.live.signaling;

import dev.hibiki.live.channel.ChannelService;
import dev.hibiki.sfu.Sfu;

/** What every signaling session shares. */
record SignalingContext(ChannelService channels, LiveChannels liveChannels, Sfu sfu, String version,
                        SignalingHooks hooks, java.util.concurrent.atomic.AtomicLong minuteNanos,
                        java.util.concurrent.atomic.AtomicLong connectTimeoutNanos,
                        ConnectGates gates,
                        java.util.concurrent.atomic.AtomicReference<IceServers> iceServers,
                        java.util.concurrent.atomic.AtomicReference<DataChannelPlan.Defaults> dataChannelDefaults,
                        DataChannelCounters dataChannelCounters) {
}
