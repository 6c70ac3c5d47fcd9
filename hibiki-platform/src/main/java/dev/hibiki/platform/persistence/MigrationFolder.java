package dev.hibiki.platform.persistence;

import java.util.List;

/**
 * The schema migrations of one module: {@code db/migration/<name>/V<n>__*.sql} on the classpath, with their own
 * Flyway history table, applied after the folders of the modules listed before it.
 *
 * @param singleSequence for databases created when every module's migrations were one sequence
 *                       ({@code db/migration/V1..V5}, history table {@code flyway_schema_history}): element i is
 *                       the version of that sequence which made this folder's version i + 1; such a database is
 *                       baselined at the highest folder version whose statements it already ran
 */
public record MigrationFolder(String name, List<Integer> singleSequence) {

    public MigrationFolder {
        if (!name.matches("[a-z][a-z0-9_]*")) throw new IllegalArgumentException("bad migration folder name " + name);
        singleSequence = List.copyOf(singleSequence);
    }

    public String location() {
        return "classpath:db/migration/" + name;
    }

    public String historyTable() {
        return "flyway_history_" + name;
    }

    /** The folder version a database that ran the single sequence up to {@code version} already has (0: none). */
    int versionAfterSingleSequence(int version) {
        int reached = 0;
        for (int i = 0; i < singleSequence.size(); i++) {
            if (singleSequence.get(i) <= version) reached = i + 1;
        }
        return reached;
    }
}
