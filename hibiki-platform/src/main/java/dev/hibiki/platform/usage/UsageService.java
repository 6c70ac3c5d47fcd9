package dev.hibiki.platform.usage;

import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Records what each token's channels used (connection time by role, media bytes, HLS bytes served) and sums it
 * over a time range. Finished connections are written when they end; HLS bytes are counted in memory and written
 * in hourly buckets by {@link #flush()} (called periodically and on shutdown), so serving a segment never waits
 * for the database.
 */
public final class UsageService {

    private static final Logger LOG = LoggerFactory.getLogger(UsageService.class);

    private final Jdbi jdbi;
    private final Map<HlsBucket, LongAdder> pendingHls = new ConcurrentHashMap<>();

    private record HlsBucket(String channelId, String ownerTokenId, Instant hourStart) {
    }

    public UsageService(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Writes a finished connection; a database failure is logged, never thrown to the signaling path. */
    public void recordConnection(ConnectionUsage u) {
        try {
            jdbi.useHandle(h -> h.createUpdate("""
                            INSERT INTO connection_usage (connection_id, channel_id, owner_token_id, role, started_at,
                                ended_at, bytes_received, bytes_sent)
                            VALUES (:id, :channel, :owner, :role, :start, :end, :in, :out)""")
                    .bind("id", u.connectionId()).bind("channel", u.channelId()).bind("owner", u.ownerTokenId())
                    .bind("role", u.role()).bind("start", utc(u.startedAt())).bind("end", utc(u.endedAt()))
                    .bind("in", u.bytesReceived()).bind("out", u.bytesSent())
                    .execute());
        } catch (RuntimeException e) {
            LOG.error("could not record the usage of connection {}", u.connectionId(), e);
        }
    }

    /** Counts HLS bytes served for a channel (playlists, segments, keys). Cheap: memory only. */
    public void addHlsBytes(String channelId, String ownerTokenId, long bytes) {
        if (bytes <= 0) return;
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        pendingHls.computeIfAbsent(new HlsBucket(channelId, ownerTokenId, hour), b -> new LongAdder()).add(bytes);
    }

    /** Moves the HLS byte counts into the database. */
    public void flush() {
        for (Map.Entry<HlsBucket, LongAdder> e : pendingHls.entrySet()) {
            long bytes = e.getValue().sumThenReset();
            if (bytes == 0) {
                pendingHls.remove(e.getKey(), e.getValue());
                continue;
            }
            HlsBucket b = e.getKey();
            try {
                jdbi.useTransaction(h -> {
                    int updated = h.createUpdate("""
                                    UPDATE hls_usage SET bytes_served = bytes_served + :bytes
                                    WHERE channel_id = :channel AND hour_start = :hour""")
                            .bind("bytes", bytes).bind("channel", b.channelId()).bind("hour", utc(b.hourStart()))
                            .execute();
                    if (updated == 0) {
                        h.createUpdate("""
                                        INSERT INTO hls_usage (channel_id, owner_token_id, hour_start, bytes_served)
                                        VALUES (:channel, :owner, :hour, :bytes)""")
                                .bind("channel", b.channelId()).bind("owner", b.ownerTokenId())
                                .bind("hour", utc(b.hourStart())).bind("bytes", bytes).execute();
                    }
                });
            } catch (RuntimeException ex) {
                e.getValue().add(bytes); // keep them for the next flush
                LOG.error("could not record HLS usage of channel {}", b.channelId(), ex);
            }
        }
    }

    /**
     * Usage of one token's channels in {@code [from, to)}: connection time is cut to the range; a connection's
     * bytes count in the range where it ended. {@code live} adds connections still running (their bytes so far).
     *
     * @return per channel id (sorted) and in total
     */
    public Report report(String ownerTokenId, Instant from, Instant to, Collection<ConnectionUsage> live) {
        flush();
        Map<String, UsageTotals> byChannel = new TreeMap<>();
        List<ConnectionUsage> finished = jdbi.withHandle(h -> h.createQuery("""
                        SELECT connection_id, channel_id, owner_token_id, role, started_at, ended_at, bytes_received,
                            bytes_sent
                        FROM connection_usage
                        WHERE owner_token_id = :owner AND ended_at > :from AND started_at < :to""")
                .bind("owner", ownerTokenId).bind("from", utc(from)).bind("to", utc(to))
                .map((rs, ctx) -> new ConnectionUsage(rs.getString("connection_id"), rs.getString("channel_id"),
                        rs.getString("owner_token_id"), rs.getString("role"),
                        rs.getObject("started_at", OffsetDateTime.class).toInstant(),
                        rs.getObject("ended_at", OffsetDateTime.class).toInstant(),
                        rs.getLong("bytes_received"), rs.getLong("bytes_sent")))
                .list());
        for (ConnectionUsage u : finished) addConnection(byChannel, u, from, to);
        for (ConnectionUsage u : live) {
            if (u.ownerTokenId().equals(ownerTokenId)) addConnection(byChannel, u, from, to);
        }
        Map<String, Long> hls = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("""
                        SELECT channel_id, SUM(bytes_served) AS bytes FROM hls_usage
                        WHERE owner_token_id = :owner AND hour_start >= :from AND hour_start < :to
                        GROUP BY channel_id""")
                .bind("owner", ownerTokenId)
                .bind("from", utc(from.truncatedTo(ChronoUnit.HOURS))).bind("to", utc(to))
                .map((rs, ctx) -> Map.entry(rs.getString("channel_id"), rs.getLong("bytes")))
                .forEach(e -> hls.put(e.getKey(), e.getValue())));
        hls.forEach((channel, bytes) -> byChannel.computeIfAbsent(channel, c -> new UsageTotals()).addHls(bytes));
        UsageTotals total = new UsageTotals();
        byChannel.values().forEach(total::add);
        return new Report(byChannel, total);
    }

    /** Usage per channel id, and over all of them. */
    public record Report(Map<String, UsageTotals> byChannel, UsageTotals total) {
    }

    private static void addConnection(Map<String, UsageTotals> byChannel, ConnectionUsage u, Instant from, Instant to) {
        Instant start = u.startedAt().isAfter(from) ? u.startedAt() : from;
        Instant end = u.endedAt().isBefore(to) ? u.endedAt() : to;
        if (!end.isAfter(start)) return;
        double seconds = (end.toEpochMilli() - start.toEpochMilli()) / 1000.0;
        boolean endedInRange = !u.endedAt().isBefore(from) && u.endedAt().isBefore(to);
        byChannel.computeIfAbsent(u.channelId(), c -> new UsageTotals())
                .addConnection(u.role(), seconds, endedInRange ? u.bytesReceived() : 0, endedInRange ? u.bytesSent() : 0);
    }

    private static OffsetDateTime utc(Instant i) {
        return i.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
