package dev.hibiki.live.hls;

import dev.hibiki.live.channel.Channel;
import dev.hibiki.live.channel.ChannelService;
import dev.hibiki.platform.usage.UsageService;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Counts the HLS bytes served to the owner of their channel, for the usage report. */
public final class HlsUsageLedger implements HlsFileRoute.BytesServed {

    /** Bounds the owner cache; beyond it the cache starts again (a lookup per channel, not per request). */
    private static final int MAX_CACHED_OWNERS = 100_000;

    private final ChannelService channels;
    private final UsageService usage;
    private final Map<String, String> ownerByChannel = new ConcurrentHashMap<>();

    public HlsUsageLedger(ChannelService channels, UsageService usage) {
        this.channels = channels;
        this.usage = usage;
    }

    @Override
    public void add(String channelId, long bytes) {
        // A channel's owner never changes: look it up once (the row stays, as a tombstone, after a delete).
        if (ownerByChannel.size() > MAX_CACHED_OWNERS) ownerByChannel.clear();
        String owner = ownerByChannel.computeIfAbsent(channelId,
                id -> channels.findLive(id).map(Channel::ownerTokenId).orElse(null));
        if (owner != null) usage.addHlsBytes(channelId, owner, bytes);
    }
}
