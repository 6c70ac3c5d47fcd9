package dev.hibiki.server.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code hibiki token create / list / revoke} against the data directory of a server that is running. */
@Tag("e2e")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TokenCliIT {

    @TempDir
    Path tmp;

    private HibikiProcess server;

    @AfterEach
    void stopServer() throws InterruptedException {
        if (server != null) server.close();
    }

    private HibikiProcess.Result hibiki(String... args) throws Exception {
        return HibikiProcess.run(tmp, Map.of(), args);
    }

    @Test
    void tokensAreManagedWhileTheServerRuns() throws Exception {
        Path dataDir = tmp.resolve("data");
        server = HibikiProcess.serve(dataDir);
        String data = dataDir.toString();
        String tokenA = server.initialToken();
        String idA = server.initialTokenId();
        ApiClient api = new ApiClient(server.localUrl());

        // create: the secret and nothing else on stdout
        HibikiProcess.Result created = hibiki("token", "create", "--data-dir", data, "--name", "ci");
        assertThat(created.exitCode()).as("%s", created).isZero();
        assertThat(created.stdout()).as("%s", created).matches("hbk_[A-Za-z0-9_-]+\\R");
        String tokenB = created.stdout().strip();
        assertThat(tokenB).isNotEqualTo(tokenA);

        // the running server accepts it at once
        assertThat(api.listChannelIds(tokenB)).isEmpty();

        // channels belong to the token that created them
        String channelOfA = api.createChannel(tokenA);
        assertThat(api.listChannelIds(tokenA)).containsExactly(channelOfA);
        assertThat(api.listChannelIds(tokenB)).isEmpty();
        ApiClient.Response foreignDelete = api.deleteChannel(tokenB, channelOfA);
        assertThat(foreignDelete.status()).as("%s", foreignDelete).isEqualTo(404);
        assertThat(foreignDelete.json().path("error").path("code").asText()).isEqualTo("CHANNEL_NOT_FOUND");
        assertThat(api.listChannelIds(tokenA)).as("B's delete must not touch A's channel").containsExactly(channelOfA);

        // list: both, active
        HibikiProcess.Result listed = hibiki("token", "list", "--data-dir", data);
        assertThat(listed.exitCode()).as("%s", listed).isZero();
        assertThat(listed.stdout()).doesNotContain(tokenA).doesNotContain(tokenB);
        String rowA = row(listed.stdoutLines(), idA);
        assertThat(rowA.split("\\s+")).as(rowA).startsWith(idA, "active").endsWith("initial");
        String rowB = listed.stdoutLines().stream().filter(l -> l.matches("\\S+\\s+\\S+\\s+\\S+\\s+ci")).findFirst()
                .orElseThrow(() -> new AssertionError("no token named ci in\n" + listed));
        String idB = rowB.split("\\s+")[0];
        assertThat(idB).isNotEqualTo(idA).startsWith("tok_");
        assertThat(rowB.split("\\s+")[1]).isEqualTo("active");

        // revoke B: the running server refuses it from now on, A still works
        HibikiProcess.Result revoked = hibiki("token", "revoke", "--data-dir", data, idB);
        assertThat(revoked.exitCode()).as("%s", revoked).isZero();
        // The server trusts a successful lookup for TokenService.REVOCATION_DELAY (1 s); allow a little more.
        ApiClient.Response refused = await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.call(tokenB, ApiClient.LIST_CHANNEL_IDS, null), r -> r.status() != 200);
        assertThat(refused.status()).as("%s", refused).isEqualTo(401);
        assertThat(refused.json().path("error").path("code").asText()).isEqualTo("INVALID_TOKEN");
        assertThat(api.listChannelIds(tokenA)).containsExactly(channelOfA);

        HibikiProcess.Result listedAgain = hibiki("token", "list", "--data-dir", data);
        assertThat(listedAgain.exitCode()).isZero();
        assertThat(row(listedAgain.stdoutLines(), idB).split("\\s+")[1]).isEqualTo("revoked");
        assertThat(row(listedAgain.stdoutLines(), idA).split("\\s+")[1]).isEqualTo("active");

        // revoking an unknown id fails and says why
        HibikiProcess.Result unknown = hibiki("token", "revoke", "--data-dir", data, "unknown-id");
        assertThat(unknown.exitCode()).as("%s", unknown).isNotZero();
        assertThat(unknown.stderr()).as("%s", unknown).contains("unknown-id");
        assertThat(unknown.stdout()).as("%s", unknown).isEmpty();

        assertThat(server.isAlive()).as("the server kept running throughout").isTrue();
    }

    private static String row(List<String> lines, String id) {
        return lines.stream().filter(l -> l.startsWith(id + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + id + " in " + lines));
    }
}
