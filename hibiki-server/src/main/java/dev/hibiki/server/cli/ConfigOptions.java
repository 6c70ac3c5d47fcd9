package dev.hibiki.server.cli;

import dev.hibiki.server.config.ConfigLoader;
import dev.hibiki.server.config.HibikiConfig;
import dev.hibiki.server.config.Setting;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/** The configuration flags every command accepts. They override HIBIKI_* variables and the YAML file. */
public final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file")
    Path configFile;

    @Option(names = "--http-host", paramLabel = "HOST", description = "address to listen on (HIBIKI_HTTP_HOST, default 127.0.0.1)")
    String httpHost;

    @Option(names = "--http-port", paramLabel = "PORT", description = "HTTP port, 0 for any free one (HIBIKI_HTTP_PORT, default 8080)")
    String httpPort;

    @Option(names = "--http-cors-origins", paramLabel = "ORIGINS", description = "browser origins allowed to call the API: * or a comma-separated list (HIBIKI_HTTP_CORS_ORIGINS, default none)")
    String corsOrigins;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "where state is kept (HIBIKI_DATA_DIR, default ./data)")
    String dataDir;

    @Option(names = "--public-url", paramLabel = "URL", description = "base URL clients use to reach this server (HIBIKI_PUBLIC_URL)")
    String publicUrl;

    @Option(names = "--db-url", paramLabel = "JDBC_URL", description = "jdbc:h2:… or jdbc:postgresql:… (HIBIKI_DB_URL, default: H2 file in the data directory)")
    String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", description = "database user (HIBIKI_DB_USER)")
    String dbUser;

    @Option(names = "--db-pool-size", paramLabel = "N", description = "database connections (HIBIKI_DB_POOL_SIZE, default 10)")
    String dbPoolSize;

    @Option(names = "--media-port", paramLabel = "PORT", description = "UDP port for all WebRTC media (HIBIKI_MEDIA_PORT, default 50000)")
    String mediaPort;

    @Option(names = "--media-addresses", paramLabel = "IPS", description = "comma-separated IP addresses announced to WebRTC clients (HIBIKI_MEDIA_ADDRESSES, default: this machine's addresses)")
    String mediaAddresses;

    @Option(names = "--shutdown-timeout-seconds", paramLabel = "S", description = "how long a stop waits for requests in flight (HIBIKI_SHUTDOWN_TIMEOUT_SECONDS, default 20)")
    String shutdownTimeout;

    public HibikiConfig load() {
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        flags.put(Setting.HTTP_HOST, httpHost);
        flags.put(Setting.HTTP_PORT, httpPort);
        flags.put(Setting.HTTP_CORS_ORIGINS, corsOrigins);
        flags.put(Setting.DATA_DIR, dataDir);
        flags.put(Setting.PUBLIC_URL, publicUrl);
        flags.put(Setting.DB_URL, dbUrl);
        flags.put(Setting.DB_USER, dbUser);
        flags.put(Setting.DB_POOL_SIZE, dbPoolSize);
        flags.put(Setting.SHUTDOWN_TIMEOUT_SECONDS, shutdownTimeout);
        flags.put(Setting.MEDIA_PORT, mediaPort);
        flags.put(Setting.MEDIA_ADDRESSES, mediaAddresses);
        return ConfigLoader.load(configFile, System.getenv(), flags);
    }
}
