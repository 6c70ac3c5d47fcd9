package dev.hibiki.server.browser;

import dev.hibiki.server.testing.ApiClient;
import dev.hibiki.server.testing.ApiClient.Response;
import dev.hibiki.server.testing.ServerFixture;
import dev.hibiki.server.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpRequest;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** /demo/ over plain HTTP: the pages and the npm libraries the build copied are served with the right types. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoPagesHttpTest {

    @TempDir
    static Path dataDir;

    private ServerFixture fixture;
    private ApiClient http;

    @BeforeAll
    void startServer() {
        fixture = new ServerFixture(dataDir, TestDatabases.h2(dataDir));
        http = new ApiClient(fixture.baseUri());
    }

    @AfterAll
    void stopServer() {
        if (fixture != null) fixture.close();
    }

    @ParameterizedTest
    @CsvSource({
            "/demo/index.html, text/html",
            "/demo/send.html, text/html",
            "/demo/recv.html, text/html",
            "/demo/hls.html, text/html",
            "/demo/hls.mjs, text/javascript",
            "/demo/clock-pattern.mjs, text/javascript",
            "/demo/send.mjs, text/javascript",
            "/demo/recv.mjs, text/javascript",
            "/demo/demo.mjs, text/javascript",
            "/demo/demo.css, text/css",
            "/demo/vendor/sora.mjs, text/javascript",
            "/demo/vendor/hls.min.js, text/javascript",
    })
    void servesDemoFiles(String path, String contentType) {
        Response r = http.send(http.request(path).GET().build());

        assertThat(r.status()).as(path).isEqualTo(200);
        assertThat(r.header("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith(contentType));
        assertThat(r.body()).isNotBlank();
    }

    @Test
    void servesTheUnmodifiedSoraJsSdk() {
        String sdk = http.send(http.request("/demo/vendor/sora.mjs").GET().build()).body();

        assertThat(sdk).contains("sora-js-sdk").containsPattern("export \\{[^}]*as default");
    }

    @Test
    void unknownFileUnderDemoIsTheJsonNotFound() {
        Response r = http.send(http.request("/demo/nothing-here.html").GET().build());

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.errorCode()).isEqualTo("NOT_FOUND");
    }

    @Test
    void postToADemoFileIsAJsonError() {
        Response r = http.send(http.request("/demo/send.html").POST(HttpRequest.BodyPublishers.ofString("{}")).build());

        assertThat(r.status()).isIn(404, 405);
        assertThat(r.errorCode()).isNotNull();
    }

    @Test
    void demoFolderServesTheIndex() {
        for (String path : new String[] {"/demo", "/demo/"}) {
            Response r = http.send(http.request(path).GET().build());
            assertThat(r.status()).as(path).isEqualTo(200);
            assertThat(r.body()).contains("send.html", "recv.html");
        }
    }

    @Test
    void nothingOutsideTheDemoFolderIsServed() {
        assertThat(http.send(http.request("/demo/%2e%2e/logback.xml").GET().build()).status()).isEqualTo(404);
        assertThat(http.send(http.request("/logback.xml").GET().build()).status()).isEqualTo(404);
        assertThat(http.send(http.request("/demo/vendor/").GET().build()).status()).isEqualTo(404);
    }

    @Test
    void apiRoutesStillWork() {
        assertThat(http.send(http.request("/health").GET().build()).status()).isEqualTo(200);
        assertThat(http.send(http.request("/nowhere").GET().build()).errorCode()).isEqualTo("NOT_FOUND");
    }
}
