package dev.hibiki.platform.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.hibiki.platform.config.DatabaseSettings;
import org.jdbi.v3.core.Jdbi;

import java.nio.file.Path;
import java.util.List;

/** The connection pool, the schema (migrated on open) and the JDBI handle factory over them. */
public final class Database implements AutoCloseable {

    static {
        // H2's AUTO_SERVER port (the CLI reaches a running server's database through it) listens on every interface
        // unless told otherwise; read once, when H2's classes load, so it is set before the first H2 URL is opened.
        // An operator's own -Dh2.bindAddress wins.
        if (System.getProperty("h2.bindAddress") == null) System.setProperty("h2.bindAddress", "127.0.0.1");
    }

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final boolean postgres;

    private Database(HikariDataSource dataSource, boolean postgres) {
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
        this.postgres = postgres;
    }

    /**
     * Opens the pool and migrates the schema to the newest version.
     *
     * @param dataDir    where an embedded database keeps its generated credentials
     * @param migrations every module's migrations, in the order they are applied
     */
    public static Database open(DatabaseSettings settings, Path dataDir, List<MigrationFolder> migrations) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(settings.url());
        String user = settings.user();
        String password = settings.password();
        if (settings.embedded() && user.isEmpty() && password.isEmpty()) {
            EmbeddedCredentials credentials = EmbeddedCredentials.loadOrCreate(dataDir);
            user = credentials.user();
            password = credentials.password();
        }
        if (!user.isEmpty()) hc.setUsername(user);
        if (!password.isEmpty()) hc.setPassword(password);
        hc.setMaximumPoolSize(settings.poolSize());
        hc.setPoolName("hibiki-db");
        // Fail fast with the driver's message rather than waiting out the default 30 s when the DB is down.
        hc.setInitializationFailTimeout(1);
        hc.setConnectionTimeout(10_000);
        HikariDataSource ds = new HikariDataSource(hc);
        try {
            SchemaMigrator.migrate(ds, migrations);
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new Database(ds, settings.postgres());
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public boolean postgres() {
        return postgres;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
