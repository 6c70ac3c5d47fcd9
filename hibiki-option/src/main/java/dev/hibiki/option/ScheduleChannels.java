package dev.hibiki.option;

import dev.hibiki.live.channel.Channel;
import dev.hibiki.live.channel.ChannelKind;
import dev.hibiki.live.channel.ChannelService;
import dev.hibiki.live.channel.ChannelSpec;
import dev.hibiki.live.channel.HlsRendition;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The live channel of a schedule: created through live's {@link ChannelService} on the first delivery or view
 * request within the schedule's window, owned by the system's platform token (which no user ever sees), shared by
 * delivery and view, and deleted once the schedule has ended, so that no channel outlives its broadcast or is used
 * again (the quickstart's billing warning).
 */
final class ScheduleChannels {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduleChannels.class);

    /** Which information a caller asks for, and so which permission they need. */
    enum Need { DELIVERY, VIEW }

    private final Jdbi jdbi;
    private final ChannelService channels;
    private final OptionTimes times;
    private final Duration lead;
    private final Function<String, List<HlsRendition>> ladder;
    private final Consumer<String> channelDeleted;

    /**
     * @param ladder         a schedule's stored imageflux_params → its renditions
     * @param channelDeleted closes a deleted channel's live connections and HLS output
     */
    ScheduleChannels(Jdbi jdbi, ChannelService channels, OptionTimes times, Duration lead,
                     Function<String, List<HlsRendition>> ladder, Consumer<String> channelDeleted) {
        this.jdbi = jdbi;
        this.channels = channels;
        this.times = times;
        this.lead = lead;
        this.ladder = ladder;
        this.channelDeleted = channelDeleted;
    }

    /**
     * The schedule's channel, created now if this is the first request for it.
     *
     * @throws OptionException FORBIDDEN without the permission, NOT_FOUND for another system's or an unknown
     *                         schedule, CONFLICT outside the window
     */
    Channel open(OptionUser caller, String scheduleId, Need need) {
        boolean allowed = need == Need.DELIVERY ? caller.effective().delivery() : caller.effective().view();
        if (!allowed) {
            throw OptionException.forbidden(need == Need.DELIVERY ? "delivery information needs the delivery permission"
                    : "view information needs the view permission");
        }
        Schedule s = ScheduleService.find(jdbi, caller.systemId(), scheduleId);
        OffsetDateTime now = times.now();
        OffsetDateTime opens = s.start().minus(lead);
        if (now.isBefore(opens) || !now.isBefore(s.end())) {
            throw OptionException.conflict("the schedule's channel is available from "
                    + times.format(opens, OptionTimes.PLAIN) + " to " + times.format(s.end(), OptionTimes.PLAIN)
                    + " (" + times.zone() + ", " + lead.toMinutes() + " minutes before the start until the end);"
                    + (now.isBefore(opens) ? " ask again then" : " the schedule has ended"));
        }
        String owner = ownerToken(caller.systemId());
        Optional<String> existing = liveChannelId(scheduleId);
        if (existing.isPresent()) return channel(owner, existing.get());
        // Created outside the transaction (the channel service takes a connection of its own); of two concurrent
        // first requests, the one that records its channel first wins and the other's channel is deleted.
        Channel created = channels.create(owner, new ChannelSpec(ChannelKind.SINGLE_STREAM_HLS,
                ladder.apply(s.imageFluxParams()), null, null, null, null));
        String winner = jdbi.inTransaction(h -> {
            h.createQuery("SELECT id FROM option_schedules WHERE id = :id FOR UPDATE").bind("id", scheduleId)
                    .mapTo(String.class).findOne().orElseThrow(() -> ScheduleService.notFound(scheduleId));
            Optional<String> recorded = h.createQuery(
                            "SELECT channel_id FROM option_schedule_channels WHERE schedule_id = :id")
                    .bind("id", scheduleId).mapTo(String.class).findOne();
            if (recorded.isPresent()) return recorded.get();
            h.createUpdate("""
                            INSERT INTO option_schedule_channels (schedule_id, channel_id, created_at)
                            VALUES (:schedule, :channel, :at)""")
                    .bind("schedule", scheduleId).bind("channel", created.id()).bind("at", times.now()).execute();
            return created.id();
        });
        if (!winner.equals(created.id())) {
            channels.delete(owner, created.id());
            return channel(owner, winner);
        }
        return created;
    }

    /**
     * The id of the schedule's channel, if it has one now (none before the first delivery or view request, none after
     * its deletion); for its audience.
     *
     * @throws OptionException FORBIDDEN without the delivery permission, NOT_FOUND for another system's or an unknown
     *                         schedule
     */
    Optional<String> currentChannel(OptionUser caller, String scheduleId) {
        if (!caller.effective().delivery()) {
            throw OptionException.forbidden("the audience of a broadcast needs the delivery permission");
        }
        ScheduleService.find(jdbi, caller.systemId(), scheduleId);
        return liveChannelId(scheduleId);
    }

    private Channel channel(String owner, String channelId) {
        return channels.find(owner, channelId).orElseThrow(() -> OptionException.conflict(
                "the schedule's channel was deleted after the schedule ended"));
    }

    private Optional<String> liveChannelId(String scheduleId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT channel_id FROM option_schedule_channels WHERE schedule_id = :id AND deleted_at IS NULL""")
                .bind("id", scheduleId).mapTo(String.class).findOne());
    }

    boolean hasChannel(Handle h, String scheduleId) {
        return h.createQuery("SELECT COUNT(*) FROM option_schedule_channels WHERE schedule_id = :id")
                .bind("id", scheduleId).mapTo(Integer.class).one() > 0;
    }

    /** Marks the schedule's channel deleted within the caller's transaction; delete it with {@link #deleteChannel}. */
    Optional<String> markDeleted(Handle h, String scheduleId) {
        Optional<String> id = h.createQuery("""
                        SELECT channel_id FROM option_schedule_channels WHERE schedule_id = :id AND deleted_at IS NULL""")
                .bind("id", scheduleId).mapTo(String.class).findOne();
        h.createUpdate("DELETE FROM option_schedule_channels WHERE schedule_id = :id").bind("id", scheduleId).execute();
        return id;
    }

    void deleteChannel(String systemId, String channelId) {
        channels.delete(ownerToken(systemId), channelId);
        channelDeleted.accept(channelId);
    }

    /**
     * Deletes the channels of schedules that have ended.
     *
     * @return how many were deleted
     */
    int sweep() {
        record Ended(String scheduleId, String channelId, String ownerTokenId) {
        }
        List<Ended> ended = jdbi.withHandle(h -> h.createQuery("""
                        SELECT c.schedule_id, c.channel_id, y.owner_token_id
                        FROM option_schedule_channels c
                        JOIN option_schedules s ON s.id = c.schedule_id
                        JOIN option_systems y ON y.id = s.system_id
                        WHERE c.deleted_at IS NULL AND s.end_at <= :now""")
                .bind("now", times.now())
                .map((rs, ctx) -> new Ended(rs.getString("schedule_id"), rs.getString("channel_id"),
                        rs.getString("owner_token_id")))
                .list());
        int deleted = 0;
        for (Ended e : ended) {
            try {
                channels.delete(e.ownerTokenId(), e.channelId());
                channelDeleted.accept(e.channelId());
                jdbi.useHandle(h -> h.createUpdate("""
                                UPDATE option_schedule_channels SET deleted_at = :now WHERE schedule_id = :id""")
                        .bind("now", times.now()).bind("id", e.scheduleId()).execute());
                deleted++;
            } catch (RuntimeException ex) {
                // the next sweep tries again; one failure must not keep the others' channels alive
                LOG.warn("could not delete the channel {} of the ended schedule {}: {}", e.channelId(), e.scheduleId(),
                        ex.toString());
            }
        }
        return deleted;
    }

    private String ownerToken(String systemId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT owner_token_id FROM option_systems WHERE id = :id")
                .bind("id", systemId).mapTo(String.class).one());
    }
}
