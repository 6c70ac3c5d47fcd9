package dev.hibiki.platform.persistence;

import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Applies every module's migration folder in order, each with its own Flyway history table, so a module can add a
 * migration without renumbering the others'.
 *
 * <p>A folder's first run on a schema that already holds other modules' tables starts from a baseline: version 0 on
 * a new database (then all its migrations run), or, on a database created when all migrations were one sequence
 * (history table {@code flyway_schema_history}), the folder version matching what that sequence already ran
 * (see {@link MigrationFolder#singleSequence()}). That old history table is left as it is.
 */
final class SchemaMigrator {

    static final String SINGLE_SEQUENCE_TABLE = "flyway_schema_history";

    private SchemaMigrator() {
    }

    static void migrate(DataSource ds, List<MigrationFolder> folders) {
        int singleSequence = singleSequenceVersion(ds);
        for (MigrationFolder folder : folders) {
            Flyway.configure()
                    .dataSource(ds)
                    .locations(folder.location())
                    .table(folder.historyTable())
                    .baselineOnMigrate(true)
                    .baselineVersion(String.valueOf(folder.versionAfterSingleSequence(singleSequence)))
                    .baselineDescription(singleSequence > 0 ? "from " + SINGLE_SEQUENCE_TABLE + " V" + singleSequence
                            : "<< new database >>")
                    .load()
                    .migrate();
        }
    }

    /** The highest version the single-sequence history applied successfully, or 0 when there is no such table. */
    static int singleSequenceVersion(DataSource ds) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            if (!tableExists(c, SINGLE_SEQUENCE_TABLE)) return 0;
            int max = 0;
            try (ResultSet rs = st.executeQuery("SELECT \"version\" FROM \"" + SINGLE_SEQUENCE_TABLE
                    + "\" WHERE \"success\" = TRUE AND \"version\" IS NOT NULL")) {
                while (rs.next()) {
                    try {
                        max = Math.max(max, Integer.parseInt(rs.getString(1).trim()));
                    } catch (NumberFormatException ignored) {
                        // a baseline or dotted version: not one of the single sequence's V1..V5
                    }
                }
            }
            return max;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + SINGLE_SEQUENCE_TABLE + ": " + e.getMessage(), e);
        }
    }

    private static boolean tableExists(Connection c, String name) throws SQLException {
        try (ResultSet rs = c.getMetaData().getTables(null, null, name, new String[] {"TABLE"})) {
            if (rs.next()) return true;
        }
        try (ResultSet rs = c.getMetaData().getTables(null, null, name.toUpperCase(java.util.Locale.ROOT),
                new String[] {"TABLE"})) {
            return rs.next();
        }
    }
}
