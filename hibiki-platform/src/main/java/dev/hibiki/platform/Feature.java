package dev.hibiki.platform;

import dev.hibiki.platform.config.Setting;
import dev.hibiki.platform.persistence.MigrationFolder;

import java.util.List;
import java.util.Optional;

/**
 * A product on the platform (live channels, the SIP gateway, ...). The server lists the features it runs; the
 * platform reads their keys with its own, applies their migrations after its own in that order, adds their commands
 * to {@code hibiki}, starts them after the database and before the HTTP front opens, and stops them in reverse order
 * after the front stopped.
 */
public interface Feature {

    /** A short name for logs. */
    String name();

    /** The configuration keys it reads (YAML key, environment variable, flag); none by default. */
    default List<Setting> settings() {
        return List.of();
    }

    /** Its schema migrations, if it keeps state in the database. */
    default Optional<MigrationFolder> migrations() {
        return Optional.empty();
    }

    /** Subcommands of {@code hibiki} (picocli command classes); a {@code ConfigOptions} mixin gets every key. */
    default List<Class<?>> commands() {
        return List.of();
    }

    /**
     * Starts its services: API targets on {@link Platform#api()}, routes with {@link Platform#routes}, meters on
     * {@link Platform#metrics()}. Throws {@link StartupException} with a message for the operator when it cannot.
     */
    void start(Platform platform);

    /** Stops what {@link #start} started; called once, also when its own start or a later feature's failed. */
    void stop();
}
