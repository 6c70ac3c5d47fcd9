package dev.hibiki.server.arch;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Keeps the dependency direction of docs/ARCHITECTURE.md: the domain knows nothing of HTTP or JSON. */
class ArchitectureTest {

    private static final Path MAIN = Path.of("src/main/java/dev/hibiki/server");

    @ParameterizedTest(name = "{0} does not import {1}")
    @CsvSource({
            "channel,io.javalin", "channel,dev.hibiki.server.http", "channel,com.fasterxml.jackson",
            "token,io.javalin", "token,dev.hibiki.server.http",
            "config,io.javalin", "config,dev.hibiki.server.http", "config,org.jdbi",
            "persistence,io.javalin", "persistence,dev.hibiki.server.http",
            "usage,io.javalin", "usage,dev.hibiki.server.http", "usage,dev.hibiki.server.signaling",
            "webhook,io.javalin", "webhook,dev.hibiki.server.http", "webhook,dev.hibiki.server.signaling",
            "signaling,dev.hibiki.server.http", "signaling,dev.hibiki.server.sora",
            "hls,dev.hibiki.server.http", "hls,dev.hibiki.server.imageflux", "hls,dev.hibiki.server.signaling",
            "hls,com.fasterxml.jackson",
            "sip,dev.hibiki.server.signaling", "sip,dev.hibiki.server.sora", "sip,dev.hibiki.sfu",
            "json,io.javalin", "json,dev.hibiki.server.http"})
    void packageDoesNotImport(String pkg, String forbidden) throws IOException {
        Path dir = MAIN.resolve(pkg);
        assertThat(dir).isDirectory();
        List<String> offenders;
        try (Stream<Path> files = Files.walk(dir)) {
            offenders = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> {
                        try {
                            return Files.readAllLines(f).stream()
                                    .anyMatch(l -> l.startsWith("import " + forbidden) || l.startsWith("import static " + forbidden));
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .map(Path::toString)
                    .toList();
        }
        assertThat(offenders).isEmpty();
    }
}
