package dev.hibiki.live.channel;

import dev.hibiki.platform.persistence.RandomIds;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Creates, finds, lists and deletes channels, each scoped to the access token that created it: a channel of
 * another token behaves exactly like one that does not exist.
 */
public final class ChannelService {

    private static final int CHANNEL_ID_LENGTH = 26;   // 130 random bits
    private static final int PLAYLIST_KEY_LENGTH = 32; // 160 random bits

    private final Jdbi jdbi;

    public ChannelService(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Channel create(String ownerTokenId, ChannelSpec spec) {
        return create(ownerTokenId, spec, RandomIds.base32(CHANNEL_ID_LENGTH));
    }

    /**
     * A channel with an id the caller chose: a feature whose own object is the channel (a RICOH room) gives it the
     * object's id, so that signaling and webhooks name what its clients know. The id must be as unguessable as a
     * generated one (it is the signaling credential) and never used before.
     */
    public Channel create(String ownerTokenId, ChannelSpec spec, String id) {
        if (id == null || id.length() < 20 || id.length() > 64) {
            throw new IllegalArgumentException("a channel id has 20 to 64 characters");
        }
        String playlistKey = spec.kind().hls() ? RandomIds.base32(PLAYLIST_KEY_LENGTH) : null;
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        jdbi.useTransaction(h -> {
            h.createUpdate("""
                            INSERT INTO channels (id, owner_token_id, kind, playlist_key, auth_webhook_url,
                                event_webhook_url, encrypt_key_uri, environment, ice_transport_policy, created_at)
                            VALUES (:id, :owner, :kind, :key, :auth, :event, :encrypt, :env, :policy, :at)""")
                    .bind("id", id).bind("owner", ownerTokenId).bind("kind", spec.kind().dbValue())
                    .bind("key", playlistKey).bind("auth", spec.authWebhookUrl())
                    .bind("event", spec.eventWebhookUrl()).bind("encrypt", spec.encryptKeyUri())
                    .bind("env", spec.environment()).bind("policy", spec.iceTransportPolicy()).bind("at", now)
                    .execute();
            insertRenditions(h, id, spec.hls());
        });
        return new Channel(id, ownerTokenId, spec, playlistKey, now);
    }

    private static void insertRenditions(Handle h, String channelId, List<HlsRendition> hls) {
        if (hls.isEmpty()) return;
        PreparedBatch batch = h.prepareBatch("""
                INSERT INTO channel_renditions (channel_id, position, duration_seconds, start_time_offset,
                    video_width, video_height, video_fps, video_bps, video_codec, audio_bps, archive_destination_id)
                VALUES (:channel, :position, :duration, :offset, :width, :height, :fps, :vbps, :codec, :abps, :archive)""");
        for (int i = 0; i < hls.size(); i++) {
            HlsRendition r = hls.get(i);
            batch.bind("channel", channelId).bind("position", i).bind("duration", r.durationSeconds())
                    .bind("offset", r.startTimeOffset()).bind("width", r.width()).bind("height", r.height())
                    .bind("fps", r.fps()).bind("vbps", r.videoBps()).bind("codec", r.videoCodec())
                    .bind("abps", r.audioBps()).bind("archive", r.archiveDestinationId())
                    .add();
        }
        batch.execute();
    }

    private static final String SELECT_CHANNEL = """
            SELECT id, owner_token_id, kind, playlist_key, auth_webhook_url, event_webhook_url,
                encrypt_key_uri, environment, ice_transport_policy, created_at
            FROM channels WHERE id = :id AND deleted_at IS NULL""";

    /** The live (not deleted) channel with this id, if it belongs to this owner. */
    public Optional<Channel> find(String ownerTokenId, String channelId) {
        return jdbi.withHandle(h -> h.createQuery(SELECT_CHANNEL + " AND owner_token_id = :owner")
                .bind("id", channelId).bind("owner", ownerTokenId)
                .map((rs, ctx) -> readChannel(h, rs))
                .findOne());
    }

    /**
     * The live channel with this id, whoever owns it: for signaling, where the unguessable channel id is the
     * credential (as with ImageFlux's sora_url + channel_id). A channel whose token was revoked is not live: revoking
     * a leaked token also stops new connections to its channels (those already connected stay until they leave).
     */
    public Optional<Channel> findLive(String channelId) {
        return jdbi.withHandle(h -> h.createQuery(SELECT_CHANNEL + " AND EXISTS (SELECT 1 FROM access_tokens t"
                        + " WHERE t.id = channels.owner_token_id AND t.revoked_at IS NULL)")
                .bind("id", channelId)
                .map((rs, ctx) -> readChannel(h, rs))
                .findOne());
    }

    private static Channel readChannel(Handle h, ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        List<HlsRendition> hls = h.createQuery("""
                        SELECT duration_seconds, start_time_offset, video_width, video_height, video_fps, video_bps,
                            video_codec, audio_bps, archive_destination_id
                        FROM channel_renditions WHERE channel_id = :id ORDER BY position""")
                .bind("id", id)
                .map((r, c) -> new HlsRendition(r.getDouble("duration_seconds"),
                        (Double) r.getObject("start_time_offset", Double.class),
                        r.getInt("video_width"), r.getInt("video_height"), r.getInt("video_fps"),
                        r.getLong("video_bps"), r.getString("video_codec"), r.getInt("audio_bps"),
                        r.getString("archive_destination_id")))
                .list();
        Integer environment = rs.getObject("environment", Integer.class);
        ChannelSpec spec = new ChannelSpec(ChannelKind.fromDb(rs.getString("kind")), hls,
                rs.getString("auth_webhook_url"), rs.getString("event_webhook_url"),
                rs.getString("encrypt_key_uri"), environment, rs.getString("ice_transport_policy"));
        return new Channel(id, rs.getString("owner_token_id"), spec, rs.getString("playlist_key"),
                rs.getObject("created_at", OffsetDateTime.class));
    }

    /** Channels created and not deleted, of every owner (for the operator's metrics). */
    public long countLive() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM channels WHERE deleted_at IS NULL")
                .mapTo(Long.class).one());
    }

    /**
     * {@code hibiki.channels}: {@link #countLive}, counted at most every 10 s so that a scrape costs no database
     * round trip most of the time; while the database cannot answer, the last count stays.
     */
    public void bindMetrics(io.micrometer.core.instrument.MeterRegistry metrics) {
        java.util.concurrent.atomic.AtomicLong last = new java.util.concurrent.atomic.AtomicLong(-1);
        java.util.concurrent.atomic.AtomicLong countedAt = new java.util.concurrent.atomic.AtomicLong();
        io.micrometer.core.instrument.Gauge.builder("hibiki.channels", this, service -> {
            long now = System.nanoTime();
            if (last.get() < 0 || now - countedAt.get() > 10_000_000_000L) {
                countedAt.set(now);
                try {
                    last.set(service.countLive());
                } catch (RuntimeException e) {
                    // the database is down: keep the last count (the health check reports the outage)
                }
            }
            return Math.max(last.get(), 0);
        }).description("channels created and not deleted (counted at most every 10 s)").register(metrics);
    }

    /** Ids of the owner's live channels, oldest first. */
    public List<String> listIds(String ownerTokenId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id FROM channels WHERE owner_token_id = :owner AND deleted_at IS NULL
                        ORDER BY created_at, id""")
                .bind("owner", ownerTokenId)
                .mapTo(String.class)
                .list());
    }

    /**
     * Deletes the owner's channel for good. The id stays reserved so it can never name another channel.
     *
     * @return false when the owner has no live channel with this id
     */
    public boolean delete(String ownerTokenId, String channelId) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        int updated = jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE channels SET deleted_at = :now
                        WHERE id = :id AND owner_token_id = :owner AND deleted_at IS NULL""")
                .bind("now", now).bind("id", channelId).bind("owner", ownerTokenId)
                .execute());
        return updated == 1;
    }

    /** Ids of the live (not deleted) channels whose renditions archive to this destination. */
    public List<String> channelsArchivingTo(String destinationId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT DISTINCT c.id FROM channels c JOIN channel_renditions r ON r.channel_id = c.id
                        WHERE r.archive_destination_id = :destination AND c.deleted_at IS NULL
                        ORDER BY c.id""")
                .bind("destination", destinationId)
                .mapTo(String.class)
                .list());
    }
}
