package dev.hibiki.server.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sora-js-sdk releases of ImageFlux's quickstart era (1.x: single stream, only {@code update} for renegotiation;
 * 2020.x likewise) in headless Chromium, loaded as those pages loaded them (a script defining {@code window.Sora}),
 * from npm (web/package.json's devDependencies). A sender connects and a viewer starts the moment the sender's
 * {@code connect()} resolved, many times in a row, each on a new channel: every viewer must decode video within
 * 5 s. Today's SDK runs the same flows in {@link SingleStreamChannelBrowserTest}.
 */
@Tag("browser")
class LegacySoraJsSdkBrowserTest extends ChannelBrowserTest {

    private static final Path NODE_MODULES = Path.of("..", "web", "node_modules");
    private HttpServer pageServer;

    @Override
    String tokenName() {
        return "legacy-sdk-browser-tests";
    }

    /** Serves {@code /VERSION/quickstart-loop.html} and {@code /VERSION/sora.min.js} on loopback (a secure context). */
    @BeforeAll
    void servePages() throws IOException {
        pageServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        pageServer.createContext("/", exchange -> {
            String[] parts = exchange.getRequestURI().getPath().split("/");
            byte[] body = null;
            String type = "text/html; charset=utf-8";
            if (parts.length == 3 && parts[1].matches("[0-9.]+")) {
                if (parts[2].equals("quickstart-loop.html")) {
                    try (InputStream in = getClass().getResourceAsStream("/legacy-sdk/quickstart-loop.html")) {
                        body = in.readAllBytes();
                    }
                } else if (parts[2].equals("sora.min.js")) {
                    body = Files.readAllBytes(NODE_MODULES.resolve("sora-js-sdk-" + parts[1]).resolve("dist/sora.min.js"));
                    type = "text/javascript";
                }
            }
            try (OutputStream out = exchange.getResponseBody()) {
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    exchange.getResponseHeaders().set("Content-Type", type);
                    exchange.sendResponseHeaders(200, body.length);
                    out.write(body);
                }
            }
        });
        pageServer.start();
    }

    @AfterAll
    void stopPages() {
        if (pageServer != null) pageServer.stop(0);
    }

    @ParameterizedTest(name = "sora-js-sdk {0}, {1} times")
    @CsvSource({"1.16.0, 10", "2020.6.2, 5"})
    void aViewerStartedRightAfterTheSenderDecodesVideoEveryTime(String sdk, int times) {
        assertThat(NODE_MODULES.resolve("sora-js-sdk-" + sdk).resolve("dist/sora.min.js"))
                .as("npm ci in web/ installs the devDependencies").isRegularFile();
        List<String> channels = new ArrayList<>();
        String soraUrl = null;
        for (int i = 0; i < times; i++) {
            JsonNode channel = pages.createSingleStream();
            channels.add(channel.get("channel_id").asText());
            soraUrl = channel.get("sora_url").asText();
        }
        HeadlessChromium browser = chromium.launch("sdk-" + sdk);
        browser.open(URI.create("http://127.0.0.1:" + pageServer.getAddress().getPort() + "/" + sdk + "/quickstart-loop.html"
                + "?sora_url=" + URLEncoder.encode(soraUrl, StandardCharsets.UTF_8)
                + "&channels=" + String.join(",", channels)));
        browser.waitFor("window.loop && window.loop.done", Duration.ofSeconds(20L * times));

        JsonNode loop = browser.json("window.loop");
        assertThat(loop.get("error").isNull()).as("the page's error: " + loop.get("error")).isTrue();
        assertThat(loop.get("runs")).hasSize(times);
        for (JsonNode run : loop.get("runs")) {
            assertThat(run.get("decodedMillis").isNumber())
                    .as("viewer on channel " + run.get("channelId").asText() + " decoded no video within 5 s; all runs: " + loop)
                    .isTrue();
        }
    }
}
