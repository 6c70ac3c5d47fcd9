package dev.hibiki.server.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The resolved configuration of one Hibiki process.
 *
 * @param publicUrl the base URL that clients use to reach this server, or null to derive it from the bound
 *                  address once the HTTP port is known
 * @param corsOrigins origins allowed to call the API from a browser; empty disables CORS, {@code *} allows any
 */
public record HibikiConfig(
        String httpHost,
        int httpPort,
        List<String> corsOrigins,
        Path dataDir,
        URI publicUrl,
        DatabaseSettings database,
        Duration shutdownTimeout,
        MediaSettings media) {

    /** For embedding and tests: media on any free UDP port, announced on loopback only. */
    public HibikiConfig(String httpHost, int httpPort, List<String> corsOrigins, Path dataDir, URI publicUrl,
                        DatabaseSettings database, Duration shutdownTimeout) {
        this(httpHost, httpPort, corsOrigins, dataDir, publicUrl, database, shutdownTimeout,
                new MediaSettings(0, List.of(java.net.InetAddress.getLoopbackAddress())));
    }
}
