package dev.hibiki.option;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** An open chat stream does not hold up the server's stop until the shutdown timeout. */
class OptionChatShutdownTest {

    @TempDir
    Path dataDir;

    @Test
    void aStopEndsOpenStreamsAtOnce() throws Exception {
        OptionServer server = new OptionServer(dataDir, TestDatabase.H2.settings(dataDir), OptionSettings.DEFAULT,
                Duration.ofSeconds(20));
        HttpResponse<Stream<String>> open;
        try {
            OptionServer.Master m = server.newSystem();
            String id = server.newSchedule(m, 0, 60);
            HttpRequest request = HttpRequest.newBuilder(URI.create(server.base() + "/api/chat/stream?schedule_id=" + id))
                    .header("Authorization", m.bearer()).GET().build();
            open = server.http().sendAsync(request, HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
            assertThat(open.statusCode()).isEqualTo(200);
        } finally {
            long started = System.nanoTime();
            server.close();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
        open.body().close();
    }
}
