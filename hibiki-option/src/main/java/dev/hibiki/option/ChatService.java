package dev.hibiki.option;

import org.jdbi.v3.core.Jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;

/**
 * The chat of a schedule, between the users who deliver and those who view it: posting and reading need the
 * {@code delivery} or the {@code view} permission. Messages are read oldest first, from after a message id
 * ({@code since}), and pushed to the listeners of their schedule as they are posted.
 */
final class ChatService {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;

    private final Jdbi jdbi;
    private final OptionTimes times;
    private final ConcurrentHashMap<String, Set<Consumer<Chat>>> listeners = new ConcurrentHashMap<>();

    ChatService(Jdbi jdbi, OptionTimes times) {
        this.jdbi = jdbi;
        this.times = times;
    }

    Chat post(OptionUser caller, String scheduleId, String body) {
        requireChatPermission(caller);
        String text = OptionRules.text("body", body, OptionRules.MAX_CHAT);
        ScheduleService.find(jdbi, caller.systemId(), scheduleId);
        OffsetDateTime now = times.now();
        long id = jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO option_chats (schedule_id, user_id, user_name, body, created_at)
                        VALUES (:schedule, :user, :name, :body, :at)""")
                .bind("schedule", scheduleId).bind("user", caller.id()).bind("name", caller.name())
                .bind("body", text).bind("at", now)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        Chat chat = new Chat(id, scheduleId, caller.name(), text, now);
        for (Consumer<Chat> l : listeners.getOrDefault(scheduleId, Set.of())) {
            l.accept(chat);
        }
        return chat;
    }

    /** Up to {@code limit} messages after the message {@code since} (0: from the first), oldest first. */
    List<Chat> list(OptionUser caller, String scheduleId, long since, int limit) {
        requireChatPermission(caller);
        ScheduleService.find(jdbi, caller.systemId(), scheduleId);
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, schedule_id, user_name, body, created_at FROM option_chats
                        WHERE schedule_id = :schedule AND id > :since ORDER BY id""")
                .bind("schedule", scheduleId).bind("since", since).setMaxRows(limit)
                .map((rs, ctx) -> read(rs)).list());
    }

    /**
     * Calls {@code listener} with each message posted to the schedule from now on, after checking the caller may
     * read it.
     *
     * @return stops the listening
     */
    Runnable listen(OptionUser caller, String scheduleId, Consumer<Chat> listener) {
        requireChatPermission(caller);
        ScheduleService.find(jdbi, caller.systemId(), scheduleId);
        listeners.computeIfAbsent(scheduleId, id -> new CopyOnWriteArraySet<>()).add(listener);
        return () -> listeners.computeIfPresent(scheduleId, (id, set) -> {
            set.remove(listener);
            return set.isEmpty() ? null : set;
        });
    }

    private static void requireChatPermission(OptionUser caller) {
        if (!caller.effective().delivery() && !caller.effective().view()) {
            throw OptionException.forbidden("chat needs the delivery or the view permission");
        }
    }

    private static Chat read(ResultSet rs) throws SQLException {
        return new Chat(rs.getLong("id"), rs.getString("schedule_id"), rs.getString("user_name"), rs.getString("body"),
                rs.getObject("created_at", OffsetDateTime.class));
    }
}
