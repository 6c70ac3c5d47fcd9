package dev.hibiki.server.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hibiki sip app create / list / delete} against the data directory of a server that is running. */
@Tag("e2e")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SipAppCliIT {

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
    void appsAreManagedWhileTheServerRunsAndCallsUseThem() throws Exception {
        Path dataDir = tmp.resolve("data");
        server = HibikiProcess.serve(tmp, Map.of(), "--data-dir", dataDir.toString(), "--http-port", "0",
                "--sip-address", "127.0.0.1", "--sip-port", "0", "--sip-allow-private-networks", "true");
        String data = dataDir.toString();

        HibikiProcess.Result created = hibiki("sip", "app", "create", "--data-dir", data, "--key", "callApp", "--url",
                "http://127.0.0.1:9/calls");
        assertThat(created.exitCode()).as("%s", created).isZero();
        assertThat(created.stdout()).contains("created callApp -> http://127.0.0.1:9/calls");

        HibikiProcess.Result again = hibiki("sip", "app", "create", "--data-dir", data, "--key", "callApp", "--url",
                "http://127.0.0.1:9/other");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.stderr()).contains("exists already");
        HibikiProcess.Result badUrl = hibiki("sip", "app", "create", "--data-dir", data, "--key", "k2", "--url", "ftp://x/");
        assertThat(badUrl.exitCode()).isEqualTo(1);
        assertThat(badUrl.stderr()).contains("http:// or https://");

        HibikiProcess.Result listed = hibiki("sip", "app", "list", "--data-dir", data);
        assertThat(listed.exitCode()).isZero();
        assertThat(listed.stdout()).contains("callApp").contains("http://127.0.0.1:9/calls");

        // the running server knows the app at once: a call naming it is accepted
        try (DatagramSocket silentFarEnd = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            String body = """
                    {"callId":"c1","callee":"conf","rtmpUrl":"rtmp://127.0.0.1:1/live","rtmpStream":"s",
                     "connection":{"sipLogin":"alice","sipDomain":"127.0.0.1","sipPort":%d,"appKey":"callApp"}}
                    """.formatted(silentFarEnd.getLocalPort());
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(server.localUrl() + "/rest-api/call/startup"))
                    .header("Authorization", "Bearer " + server.initialToken())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).contains("\"appKey\":\"callApp\"");
        }

        HibikiProcess.Result deleted = hibiki("sip", "app", "delete", "--data-dir", data, "--key", "callApp");
        assertThat(deleted.exitCode()).as("%s", deleted).isZero();
        HibikiProcess.Result gone = hibiki("sip", "app", "delete", "--data-dir", data, "--key", "callApp");
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.stderr()).contains("no SIP app with key callApp");
    }
}
