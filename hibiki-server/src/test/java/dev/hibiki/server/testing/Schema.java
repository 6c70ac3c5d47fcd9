package dev.hibiki.server.testing;

import dev.hibiki.platform.persistence.MigrationFolder;
import dev.hibiki.server.HibikiServer;

import java.util.List;

/** The migrations of this build, in the order the server applies them, for tests that open a database. */
public final class Schema {

    public static final List<MigrationFolder> ALL = HibikiServer.features().migrations();

    private Schema() {
    }
}
