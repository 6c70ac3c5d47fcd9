package dev.hibiki.option;

import dev.hibiki.platform.security.PasswordHasher;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * The users of a system. Managing users needs the {@code user} permission; only a master may create, change or
 * delete a master or make one, and a system always keeps at least one master. Another system's users answer as
 * unknown ones.
 */
final class UserService {

    /** A user to create. */
    record NewUser(String name, String email, String password, boolean master, Permissions permissions) {
    }

    /** Changes to a user; null fields stay as they are. */
    record UserChanges(String name, String email, String password, Boolean master, Boolean delivery, Boolean view,
                       Boolean schedule, Boolean user) {
    }

    static final String SELECT = """
            SELECT u.id, u.system_id, u.name, u.email, u.is_master, u.can_deliver, u.can_view, u.can_schedule,
                u.can_manage_users, u.created_at FROM option_users u
            """;

    private final Jdbi jdbi;
    private final PasswordHasher hasher;
    private final OptionTimes times;
    private final LoginTokens tokens;

    UserService(Jdbi jdbi, PasswordHasher hasher, OptionTimes times, LoginTokens tokens) {
        this.jdbi = jdbi;
        this.hasher = hasher;
        this.times = times;
        this.tokens = tokens;
    }

    static long insert(Handle h, String systemId, String name, String email, String passwordHash, boolean master,
                       Permissions p, OffsetDateTime now) {
        return h.createUpdate("""
                        INSERT INTO option_users (system_id, name, email, password_hash, is_master, can_deliver, can_view,
                            can_schedule, can_manage_users, created_at)
                        VALUES (:system, :name, :email, :hash, :master, :d, :v, :s, :u, :at)""")
                .bind("system", systemId).bind("name", name).bind("email", email).bind("hash", passwordHash)
                .bind("master", master).bind("d", p.delivery()).bind("v", p.view()).bind("s", p.schedule())
                .bind("u", p.user()).bind("at", now)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    static OptionUser read(ResultSet rs) throws SQLException {
        return new OptionUser(rs.getLong("id"), rs.getString("system_id"), rs.getString("name"), rs.getString("email"),
                rs.getBoolean("is_master"), new Permissions(rs.getBoolean("can_deliver"), rs.getBoolean("can_view"),
                rs.getBoolean("can_schedule"), rs.getBoolean("can_manage_users")),
                rs.getObject("created_at", OffsetDateTime.class));
    }

    /** The caller's system's users, oldest first. */
    List<OptionUser> list(OptionUser caller) {
        requireUserPermission(caller);
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE u.system_id = :system ORDER BY u.id")
                .bind("system", caller.systemId()).map((rs, ctx) -> read(rs)).list());
    }

    /** @return the new user's id */
    long create(OptionUser caller, NewUser user) {
        requireUserPermission(caller);
        if (user.master() && !caller.master()) throw OptionException.forbidden("only a master user may create a master");
        String name = OptionRules.name(user.name());
        String email = OptionRules.email(user.email());
        String hash = hasher.hash(OptionRules.password(user.password()));
        try {
            return jdbi.inTransaction(h -> {
                if (emailTaken(h, caller.systemId(), email, -1)) throw emailConflict(email);
                return insert(h, caller.systemId(), name, email, hash, user.master(), user.permissions(), times.now());
            });
        } catch (UnableToExecuteStatementException e) {
            // two concurrent creations with one address: the unique constraint decided
            if (jdbi.withHandle(h -> emailTaken(h, caller.systemId(), email, -1))) throw emailConflict(email);
            throw e;
        }
    }

    /** Applies the changes; a new password revokes the user's tokens. */
    void update(OptionUser caller, long userId, UserChanges changes) {
        requireUserPermission(caller);
        String name = changes.name() == null ? null : OptionRules.name(changes.name());
        String email = changes.email() == null ? null : OptionRules.email(changes.email());
        String hash = changes.password() == null ? null : hasher.hash(OptionRules.password(changes.password()));
        jdbi.useTransaction(h -> {
            lockSystem(h, caller.systemId());
            OptionUser target = find(h, caller.systemId(), userId);
            if (target.master() && !caller.master()) throw OptionException.forbidden("only a master user may change a master");
            if (changes.master() != null && changes.master() != target.master() && !caller.master()) {
                throw OptionException.forbidden("only a master user may make or unmake a master");
            }
            if (Boolean.FALSE.equals(changes.master()) && target.master() && masters(h, caller.systemId()) <= 1) {
                throw OptionException.conflict("user " + userId + " is the last master; make another user master first");
            }
            if (email != null && emailTaken(h, caller.systemId(), email, userId)) throw emailConflict(email);
            Permissions p = target.permissions();
            h.createUpdate("""
                            UPDATE option_users SET name = :name, email = :email, is_master = :master, can_deliver = :d,
                                can_view = :v, can_schedule = :s, can_manage_users = :u WHERE id = :id""")
                    .bind("name", name == null ? target.name() : name)
                    .bind("email", email == null ? target.email() : email)
                    .bind("master", or(changes.master(), target.master()))
                    .bind("d", or(changes.delivery(), p.delivery())).bind("v", or(changes.view(), p.view()))
                    .bind("s", or(changes.schedule(), p.schedule())).bind("u", or(changes.user(), p.user()))
                    .bind("id", userId).execute();
            if (hash != null) {
                h.createUpdate("UPDATE option_users SET password_hash = :hash WHERE id = :id")
                        .bind("hash", hash).bind("id", userId).execute();
                tokens.revokeUser(h, userId);
            }
        });
    }

    /** Deletes the user and their tokens; their schedules and chats keep the name they were written under. */
    void delete(OptionUser caller, long userId) {
        requireUserPermission(caller);
        jdbi.useTransaction(h -> {
            lockSystem(h, caller.systemId());
            OptionUser target = find(h, caller.systemId(), userId);
            if (target.master() && !caller.master()) throw OptionException.forbidden("only a master user may delete a master");
            if (target.master() && masters(h, caller.systemId()) <= 1) {
                throw OptionException.conflict("user " + userId + " is the last master and cannot be deleted");
            }
            h.createUpdate("DELETE FROM option_login_tokens WHERE user_id = :id").bind("id", userId).execute();
            h.createUpdate("UPDATE option_schedules SET created_user_id = NULL WHERE created_user_id = :id")
                    .bind("id", userId).execute();
            h.createUpdate("UPDATE option_chats SET user_id = NULL WHERE user_id = :id").bind("id", userId).execute();
            h.createUpdate("DELETE FROM option_users WHERE id = :id").bind("id", userId).execute();
        });
    }

    /** Sets the caller's own password, revokes all their tokens and hands back a fresh one. */
    LoginTokens.Issued changeOwnPassword(OptionUser caller, String password) {
        String hash = hasher.hash(OptionRules.password(password));
        return jdbi.inTransaction(h -> {
            h.createUpdate("UPDATE option_users SET password_hash = :hash WHERE id = :id")
                    .bind("hash", hash).bind("id", caller.id()).execute();
            tokens.revokeUser(h, caller.id());
            return tokens.issue(h, caller.id());
        });
    }

    private static boolean or(Boolean change, boolean current) {
        return change == null ? current : change;
    }

    private static void requireUserPermission(OptionUser caller) {
        if (!caller.effective().user()) throw OptionException.forbidden("managing users needs the user permission");
    }

    private static OptionUser find(Handle h, String systemId, long userId) {
        return h.createQuery(SELECT + " WHERE u.id = :id AND u.system_id = :system")
                .bind("id", userId).bind("system", systemId).map((rs, ctx) -> read(rs)).findOne()
                .orElseThrow(() -> OptionException.notFound("no user " + userId + " in this system; list them with GET /api/user"));
    }

    /** The system's row serialises changes that count masters. */
    private static void lockSystem(Handle h, String systemId) {
        h.createQuery("SELECT id FROM option_systems WHERE id = :id FOR UPDATE").bind("id", systemId)
                .mapTo(String.class).one();
    }

    private static int masters(Handle h, String systemId) {
        return h.createQuery("SELECT COUNT(*) FROM option_users WHERE system_id = :system AND is_master = TRUE")
                .bind("system", systemId).mapTo(Integer.class).one();
    }

    private static boolean emailTaken(Handle h, String systemId, String email, long exceptUserId) {
        return h.createQuery("SELECT COUNT(*) FROM option_users WHERE system_id = :system AND email = :email AND id <> :except")
                .bind("system", systemId).bind("email", email).bind("except", exceptUserId)
                .mapTo(Integer.class).one() > 0;
    }

    private static OptionException emailConflict(String email) {
        return OptionException.conflict("a user with the email " + email + " exists in this system already");
    }
}
