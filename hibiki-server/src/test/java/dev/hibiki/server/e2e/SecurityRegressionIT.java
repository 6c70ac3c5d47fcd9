package dev.hibiki.server.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks and accidents against the real server process ({@code bin/hibiki serve}), one test per hardening rule
 * (the durability rules are {@link DurabilityIT}'s, the database port's {@link SystemdUnitIT}'s).
 */
@Tag("e2e")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SecurityRegressionIT {

    @TempDir
    Path tmp;

    private HibikiProcess server;

    @AfterEach
    void stopServer() throws InterruptedException {
        if (server != null) server.close();
    }

    @Test
    void aRevokedTokensChannelsRefuseNewSignalingConnections() throws Exception {
        Path dataDir = tmp.resolve("data");
        server = HibikiProcess.serve(dataDir);
        ApiClient api = new ApiClient(server.localUrl());
        String channel = api.createChannel(server.initialToken());
        URI signaling = URI.create(server.localUrl().replace("http://", "ws://") + "/signaling");
        assertThat(connect(signaling, channel)).as("before the revocation").startsWith("offer");

        HibikiProcess.Result revoked = HibikiProcess.run(tmp, Map.of(), "token", "revoke", "--data-dir",
                dataDir.toString(), server.initialTokenId());
        assertThat(revoked.exitCode()).as("%s", revoked).isZero();
        assertThat(connect(signaling, channel)).as("after the revocation").startsWith("closed 4490 CHANNEL-NOT-FOUND");
    }

    @Test
    void theDataDirectoryAndTheDatabaseFileAreTheOwnersAlone() throws Exception {
        Path dataDir = tmp.resolve("data");
        Files.createDirectories(dataDir);
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        server = HibikiProcess.serve(dataDir);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("hibiki.mv.db"))))
                .as("the database holds HLS keys and token hashes").isEqualTo("rw-------");
        assertThat(server.stderr()).contains("restricted to its owner");
    }

    @Test
    void aClientStillSendingAnOverLimitBodyReadsThe413() throws Exception {
        server = HibikiProcess.serve(tmp.resolve("data"));
        String token = server.initialToken();
        byte[] big = ("{\"pad\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 20; i++) {
            for (boolean chunked : new boolean[]{false, true}) {
                java.net.http.HttpRequest.BodyPublisher body = chunked
                        ? java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))
                        : java.net.http.HttpRequest.BodyPublishers.ofByteArray(big);
                java.net.http.HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(
                                URI.create(server.localUrl() + "/")).header("X-Sora-Target", ApiClient.CREATE_CHANNEL)
                        .header("Authorization", "Bearer " + token).POST(body).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as("attempt %d, chunked %s", i, chunked).isEqualTo(413);
                assertThat(r.body()).contains("\"code\":\"PAYLOAD_TOO_LARGE\"");
            }
        }
    }

    @Test
    void headersTooLargeGetTheJsonErrorShape() throws Exception {
        server = HibikiProcess.serve(tmp.resolve("data"));
        java.net.http.HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(java.net.http.HttpRequest.newBuilder(URI.create(server.localUrl() + "/"))
                                .header("X-Padding", "p".repeat(20_000))
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(431);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(r.body()).contains("\"code\":\"HEADERS_TOO_LARGE\"").doesNotContain("<html");
    }

    /** A recvonly connect: "offer" when the server offers, else "closed CODE REASON". */
    private static String connect(URI signaling, String channelId) {
        CompletableFuture<String> outcome = new CompletableFuture<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(signaling, new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                if (data.toString().contains("\"type\":\"offer\"")) outcome.complete("offer");
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                outcome.complete("closed " + statusCode + " " + reason);
                return null;
            }
        }).join();
        ws.sendText("{\"type\":\"connect\",\"role\":\"recvonly\",\"channel_id\":\"" + channelId
                + "\",\"sora_client\":\"Sora JavaScript SDK 2026.1.0\"}", true).join();
        try {
            return outcome.orTimeout(10, TimeUnit.SECONDS).join();
        } finally {
            ws.abort();
        }
    }
}
