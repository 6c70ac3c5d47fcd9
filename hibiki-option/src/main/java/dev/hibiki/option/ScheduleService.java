package dev.hibiki.option;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A system's broadcast schedules. They never overlap within a system (one ending when the next starts is fine),
 * since the document's system broadcasts one thing at a time; one whose start has passed is kept, so its chat and
 * channel stay accountable. Creating, changing and deleting need the {@code schedule} permission; every user of
 * the system may list them.
 */
final class ScheduleService {

    /** Changes to a schedule; null fields stay as they are. */
    record ScheduleChanges(String name, OffsetDateTime start, OffsetDateTime end, String imageFluxParams) {
    }

    private static final String SELECT = """
            SELECT id, system_id, name, start_at, end_at, imageflux_params, created_user_name, created_at
            FROM option_schedules
            """;

    private final Jdbi jdbi;
    private final OptionTimes times;
    private final ScheduleChannels channels;

    ScheduleService(Jdbi jdbi, OptionTimes times, ScheduleChannels channels) {
        this.jdbi = jdbi;
        this.times = times;
        this.channels = channels;
    }

    /** The caller's system's schedules, earliest start first. */
    List<Schedule> list(OptionUser caller) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE system_id = :system ORDER BY start_at, id")
                .bind("system", caller.systemId()).map((rs, ctx) -> read(rs)).list());
    }

    /** The system's schedule, or NOT_FOUND (also for another system's). */
    Schedule find(String systemId, String scheduleId) {
        return find(jdbi, systemId, scheduleId);
    }

    static Schedule find(Jdbi jdbi, String systemId, String scheduleId) {
        return jdbi.withHandle(h -> findOptional(h, systemId, scheduleId))
                .orElseThrow(() -> notFound(scheduleId));
    }

    static Optional<Schedule> findOptional(Handle h, String systemId, String scheduleId) {
        if (scheduleId == null || scheduleId.length() > 64) return Optional.empty();
        return h.createQuery(SELECT + " WHERE id = :id AND system_id = :system")
                .bind("id", scheduleId).bind("system", systemId).map((rs, ctx) -> read(rs)).findOne();
    }

    /** @return the new schedule's id */
    String create(OptionUser caller, String name, OffsetDateTime start, OffsetDateTime end, String imageFluxParams) {
        requireSchedulePermission(caller);
        String cleanName = OptionRules.name(name);
        requireOrder(start, end);
        String id = UUID.randomUUID().toString();
        jdbi.useTransaction(h -> {
            lockSystem(h, caller.systemId());
            requireNoOverlap(h, caller.systemId(), null, start, end);
            h.createUpdate("""
                            INSERT INTO option_schedules (id, system_id, name, start_at, end_at, imageflux_params,
                                created_user_id, created_user_name, created_at)
                            VALUES (:id, :system, :name, :start, :end, :params, :user, :userName, :at)""")
                    .bind("id", id).bind("system", caller.systemId()).bind("name", cleanName).bind("start", start)
                    .bind("end", end).bind("params", imageFluxParams).bind("user", caller.id())
                    .bind("userName", caller.name()).bind("at", times.now()).execute();
        });
        return id;
    }

    void update(OptionUser caller, String scheduleId, ScheduleChanges changes) {
        requireSchedulePermission(caller);
        String cleanName = changes.name() == null ? null : OptionRules.name(changes.name());
        jdbi.useTransaction(h -> {
            lockSystem(h, caller.systemId());
            Schedule s = findOptional(h, caller.systemId(), scheduleId).orElseThrow(() -> notFound(scheduleId));
            OffsetDateTime start = changes.start() == null ? s.start() : changes.start();
            OffsetDateTime end = changes.end() == null ? s.end() : changes.end();
            requireOrder(start, end);
            requireNoOverlap(h, caller.systemId(), scheduleId, start, end);
            if (changes.imageFluxParams() != null && channels.hasChannel(h, scheduleId)) {
                throw OptionException.conflict("the schedule's channel exists already, so its imageflux_params"
                        + " can no longer change; create another schedule for another ladder");
            }
            h.createUpdate("""
                            UPDATE option_schedules SET name = :name, start_at = :start, end_at = :end,
                                imageflux_params = :params WHERE id = :id""")
                    .bind("name", cleanName == null ? s.name() : cleanName).bind("start", start).bind("end", end)
                    .bind("params", changes.imageFluxParams() == null ? s.imageFluxParams() : changes.imageFluxParams())
                    .bind("id", scheduleId).execute();
        });
    }

    /** Deletes a schedule that has not started, with its chat and (made within the lead time) its channel. */
    void delete(OptionUser caller, String scheduleId) {
        requireSchedulePermission(caller);
        Optional<String> channelId = jdbi.inTransaction(h -> {
            lockSystem(h, caller.systemId());
            Schedule s = findOptional(h, caller.systemId(), scheduleId).orElseThrow(() -> notFound(scheduleId));
            if (!times.now().isBefore(s.start())) {
                throw OptionException.conflict("the schedule started at "
                        + times.format(s.start(), OptionTimes.PLAIN) + " and can no longer be deleted");
            }
            Optional<String> channel = channels.markDeleted(h, scheduleId);
            h.createUpdate("DELETE FROM option_chats WHERE schedule_id = :id").bind("id", scheduleId).execute();
            h.createUpdate("DELETE FROM option_schedules WHERE id = :id").bind("id", scheduleId).execute();
            return channel;
        });
        // After the transaction: the channel service takes a connection of its own.
        channelId.ifPresent(id -> channels.deleteChannel(caller.systemId(), id));
    }

    private static void requireSchedulePermission(OptionUser caller) {
        if (!caller.effective().schedule()) {
            throw OptionException.forbidden("managing schedules needs the schedule permission");
        }
    }

    private static void requireOrder(OffsetDateTime start, OffsetDateTime end) {
        if (!start.isBefore(end)) {
            throw OptionException.invalid("end_datetime must be after start_datetime");
        }
    }

    private void requireNoOverlap(Handle h, String systemId, String exceptId, OffsetDateTime start, OffsetDateTime end) {
        // Half-open intervals: a schedule ending at 12:00 and one starting at 12:00 do not overlap.
        Optional<Schedule> other = h.createQuery(SELECT + """
                         WHERE system_id = :system AND start_at < :end AND :start < end_at AND id <> :except
                         ORDER BY start_at""")
                .bind("system", systemId).bind("start", start).bind("end", end)
                .bind("except", exceptId == null ? "" : exceptId)
                .map((rs, ctx) -> read(rs)).findFirst();
        if (other.isPresent()) {
            Schedule o = other.get();
            throw OptionException.conflict("the time overlaps the schedule \"" + o.name() + "\" ("
                    + times.format(o.start(), OptionTimes.PLAIN) + " to " + times.format(o.end(), OptionTimes.PLAIN)
                    + "); choose a time outside it");
        }
    }

    private static void lockSystem(Handle h, String systemId) {
        h.createQuery("SELECT id FROM option_systems WHERE id = :id FOR UPDATE").bind("id", systemId)
                .mapTo(String.class).one();
    }

    static OptionException notFound(String scheduleId) {
        return OptionException.notFound("no schedule " + scheduleId + " in this system; list them with GET /api/schedule");
    }

    private static Schedule read(ResultSet rs) throws SQLException {
        return new Schedule(rs.getString("id"), rs.getString("system_id"), rs.getString("name"),
                rs.getObject("start_at", OffsetDateTime.class), rs.getObject("end_at", OffsetDateTime.class),
                rs.getString("imageflux_params"), rs.getString("created_user_name"),
                rs.getObject("created_at", OffsetDateTime.class));
    }
}
