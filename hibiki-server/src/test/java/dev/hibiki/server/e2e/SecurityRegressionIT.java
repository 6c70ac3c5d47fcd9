package dev.hibiki.server.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
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
        assertThat(SignalingProbe.connectRecvonly(signaling, channel, java.time.Duration.ofSeconds(10))).as("before the revocation").startsWith("offer");

        HibikiProcess.Result revoked = HibikiProcess.run(tmp, Map.of(), "token", "revoke", "--data-dir",
                dataDir.toString(), server.initialTokenId());
        assertThat(revoked.exitCode()).as("%s", revoked).isZero();
        assertThat(SignalingProbe.connectRecvonly(signaling, channel, java.time.Duration.ofSeconds(10))).as("after the revocation").startsWith("closed 4490 CHANNEL-NOT-FOUND");
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

    @Test
    void failedAuthenticationIsThrottledPerAddress() throws Exception {
        server = HibikiProcess.serve(tmp.resolve("data"));
        ApiClient api = new ApiClient(server.localUrl());
        for (int i = 0; i < 30; i++) {
            assertThat(api.call("hbk_guess" + i, "ImageFlux_20200729.ListChannelIDs", null).status()).as("guess %d", i)
                    .isEqualTo(401);
        }
        java.net.http.HttpResponse<String> throttled = HttpClient.newHttpClient().send(java.net.http.HttpRequest
                        .newBuilder(URI.create(server.localUrl() + "/")).header("X-Sora-Target", "ImageFlux_20200729.ListChannelIDs")
                        .header("Authorization", "Bearer hbk_guess_again").POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.body()).contains("\"code\":\"TOO_MANY_REQUESTS\"");
        assertThat(Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
        // Behind a proxy on this machine the client is the address the proxy forwarded, so others are not locked out.
        java.net.http.HttpResponse<String> forwarded = HttpClient.newHttpClient().send(java.net.http.HttpRequest
                        .newBuilder(URI.create(server.localUrl() + "/")).header("X-Sora-Target", "ImageFlux_20200729.ListChannelIDs")
                        .header("X-Forwarded-For", "198.51.100.7").header("Authorization", "Bearer " + server.initialToken())
                        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(forwarded.statusCode()).isEqualTo(200);
        String metrics = HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                URI.create(server.localUrl() + "/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("hibiki_auth_failures_total 30.0").contains("hibiki_auth_throttled_total 1.0");
    }

    @Test
    void slowLorisConnectionsAreClosedWhileOthersAreServed() throws Exception {
        server = HibikiProcess.serve(tmp.resolve("data"));
        URI base = URI.create(server.localUrl());
        java.util.List<java.net.Socket> loris = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                java.net.Socket s = new java.net.Socket(base.getHost(), base.getPort());
                s.setSoTimeout(5);
                s.getOutputStream().write("POST / HTTP/1.1\r\nHost: x\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                loris.add(s);
            }
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
            int open = loris.size();
            while (open > 0 && System.nanoTime() < deadline) {
                open = 0;
                for (java.net.Socket s : loris) {
                    if (s.isClosed()) continue;
                    try {
                        s.getOutputStream().write('X'); // one more header byte, as a slow-loris client sends
                        s.getOutputStream().flush();
                        s.getInputStream().read(); // an answer or the end of the stream: the server ended it
                        s.close();
                        continue;
                    } catch (java.net.SocketTimeoutException stillOpen) {
                        open++;
                        continue;
                    } catch (java.io.IOException closedByServer) {
                        s.close();
                    }
                }
                // ... while an honest client is still served.
                assertThat(new ApiClient(server.localUrl()).call(server.initialToken(), "ImageFlux_20200729.ListChannelIDs", null)
                        .status()).isEqualTo(200);
                Thread.sleep(1500);
            }
            assertThat(open).as("slow-loris connections still open after 20 s").isZero();
        } finally {
            for (java.net.Socket s : loris) s.close();
        }
    }

    @Test
    void aSlowClientDoesNotHoldShutdownPastItsTimeoutAndNothingIsLoggedAsAFailure() throws Exception {
        server = HibikiProcess.serve(tmp, Map.of(), "--data-dir", tmp.resolve("data").toString(), "--http-port", "0",
                "--shutdown-timeout-seconds", "3");
        URI base = URI.create(server.localUrl());
        try (java.net.Socket slow = new java.net.Socket(base.getHost(), base.getPort())) {
            // A request whose body trickles in: in flight when SIGTERM arrives, and never finishing on its own.
            java.io.OutputStream out = slow.getOutputStream();
            out.write(("POST / HTTP/1.1\r\nHost: x\r\nX-Sora-Target: ImageFlux_20200729.ListChannelIDs\r\n"
                    + "Authorization: Bearer " + server.initialToken() + "\r\nContent-Length: 100000\r\n\r\n{")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(500);
            long t0 = System.nanoTime();
            server.sigterm();
            for (int i = 0; i < 10 && server.isAlive(); i++) {
                try {
                    out.write(' ');
                    out.flush();
                } catch (java.io.IOException closed) {
                    break;
                }
                Thread.sleep(1000);
            }
            int exit = server.awaitExit(java.time.Duration.ofSeconds(15));
            java.time.Duration took = java.time.Duration.ofNanos(System.nanoTime() - t0);
            assertThat(took).as("stop with a 3 s shutdown timeout").isLessThan(java.time.Duration.ofSeconds(8));
            assertThat(exit).isIn(0, 143);
        }
        assertThat(server.stderr()).contains("Hibiki stopped").doesNotContain("\tat ").doesNotContain("Exception");
    }
}
