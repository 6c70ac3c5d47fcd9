package dev.hibiki.option;

import java.time.OffsetDateTime;

/**
 * A user of a system.
 *
 * @param permissions as granted; {@link #may} adds what being a master implies
 */
record OptionUser(long id, String systemId, String name, String email, boolean master, Permissions permissions,
                  OffsetDateTime createdAt) {

    /** The permissions in effect: a master has all of them. */
    Permissions effective() {
        return master ? Permissions.ALL : permissions;
    }
}
