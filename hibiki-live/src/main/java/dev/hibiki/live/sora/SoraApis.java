package dev.hibiki.live.sora;

import java.util.List;

/** What live offers features that serve the Sora HTTP API over channels of their own (Sora mode). */
public interface SoraApis {

    /** The Sora HTTP API on the live connections of the channels in {@code scope}. */
    SoraConnectionApi forScope(ChannelScope scope);

    /** Channels that have signaling connections now (connected or connecting). */
    List<String> activeChannelIds();
}
