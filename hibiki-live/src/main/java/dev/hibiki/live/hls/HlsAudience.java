package dev.hibiki.live.hls;

import io.javalin.http.Context;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * How many players are watching a channel's HLS output: the distinct clients (address and User-Agent) that read one
 * of its playlists within the last {@link #WINDOW_NANOS}. A live player reloads its media playlist every target
 * duration (1 to 2 s here), so a player that stops is gone from the count within the window. Players behind one
 * shared cache (a CDN, a corporate proxy) count as one: the figure is what this server sees.
 */
public final class HlsAudience implements HlsFileRoute.PlaylistReads {

    static final long WINDOW_NANOS = 15_000_000_000L;
    /** Clients remembered per channel at most; above it the oldest half of the window is dropped first. */
    private static final int MAX_CLIENTS_PER_CHANNEL = 100_000;

    private final Function<Context, String> clientAddress;
    private final LongSupplier nanoTime;
    private final Map<String, Map<String, Long>> lastReadByChannel = new ConcurrentHashMap<>();
    /** Reads since every channel was last swept of readers gone, so that channels nobody asks about do not grow. */
    private final java.util.concurrent.atomic.AtomicInteger readsSinceSweep = new java.util.concurrent.atomic.AtomicInteger();
    private static final int READS_PER_SWEEP = 4096;

    /** @param clientAddress the reader's address as the HTTP front sees it (behind a proxy: the forwarded one) */
    public HlsAudience(Function<Context, String> clientAddress) {
        this(clientAddress, System::nanoTime);
    }

    HlsAudience(Function<Context, String> clientAddress, LongSupplier nanoTime) {
        this.clientAddress = clientAddress;
        this.nanoTime = nanoTime;
    }

    @Override
    public void playlistRead(String channelId, Context ctx) {
        String agent = ctx.header("User-Agent");
        String client = clientAddress.apply(ctx) + '|' + (agent == null ? "" : agent.length() > 200 ? agent.substring(0, 200) : agent);
        Map<String, Long> clients = lastReadByChannel.computeIfAbsent(channelId, id -> new ConcurrentHashMap<>());
        long now = nanoTime.getAsLong();
        if (clients.size() >= MAX_CLIENTS_PER_CHANNEL) prune(clients, now - WINDOW_NANOS / 2);
        clients.put(client, now);
        if (readsSinceSweep.incrementAndGet() >= READS_PER_SWEEP) {
            readsSinceSweep.set(0);
            for (String id : lastReadByChannel.keySet()) viewers(id);
        }
    }

    /** Players that read the channel's playlists within the window. */
    public int viewers(String channelId) {
        Map<String, Long> clients = lastReadByChannel.get(channelId);
        if (clients == null) return 0;
        prune(clients, nanoTime.getAsLong() - WINDOW_NANOS);
        if (clients.isEmpty()) lastReadByChannel.remove(channelId, clients);
        return clients.size();
    }

    /** Forgets a deleted channel's readers. */
    public void channelDeleted(String channelId) {
        lastReadByChannel.remove(channelId);
    }

    private static void prune(Map<String, Long> clients, long oldest) {
        for (Iterator<Long> it = clients.values().iterator(); it.hasNext(); ) {
            if (it.next() - oldest < 0) it.remove();
        }
    }
}
