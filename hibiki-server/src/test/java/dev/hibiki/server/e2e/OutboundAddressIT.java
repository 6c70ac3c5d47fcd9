package dev.hibiki.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hibiki.server.testing.WebhookReceiver;
import dev.hibiki.sip.testing.NginxRtmp;
import dev.hibiki.sip.testing.Sipp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * No request reaches the operator's network: against the real server process, tenant-chosen destinations that
 * are, or resolve to, loopback, private, link-local (cloud metadata) or reserved addresses, written in any of the
 * forms an address can take, are refused with "not allowed" and nothing connects to them; and where private
 * networks are allowed, SIP and RTMP go to the address Hibiki looked up rather than one JAIN-SIP or FFmpeg would
 * look up again. Names are given addresses through a hosts file the server's JVM reads instead of DNS
 * ({@code jdk.net.hosts.file}, read on every lookup, with the address cache off), so a test can also change what
 * a name resolves to while the server runs.
 */
@Tag("e2e")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class OutboundAddressIT {

    @TempDir
    Path tmp;

    private HibikiProcess server;

    @AfterEach
    void stopServer() throws InterruptedException {
        if (server != null) server.close();
    }

    /** The server's JVM resolves names from {@code hosts} only, on every lookup. */
    private HibikiProcess serve(Path hosts, String... environment) throws Exception {
        Map<String, String> env = HibikiProcess.env(environment);
        env.put("HIBIKI_JAVA_OPTS", "-Djdk.net.hosts.file=" + hosts + " -Dsun.net.inetaddr.ttl=0 -Dsun.net.inetaddr.negative.ttl=0");
        return HibikiProcess.serve(tmp, env, "--data-dir", tmp.resolve("data").toString(), "--http-port", "0",
                "--sip-address", "127.0.0.1", "--sip-port", "0");
    }

    private Path hosts(String entries) throws Exception {
        Path file = tmp.resolve("hosts");
        String self = InetAddress.getLocalHost().getHostName();
        Files.writeString(file, "127.0.0.1 localhost " + self + "\n" + entries);
        return file;
    }

    private HttpResponse<String> startCall(String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.localUrl() + "/rest-api/call/startup"))
                        .timeout(Duration.ofSeconds(20))
                        .header("Authorization", "Bearer " + server.initialToken())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String call(String id, String callee, String domain, String extraConnection, String rtmpUrl) {
        return """
                {"callId":"%s","callee":"%s","rtmpUrl":"%s","rtmpStream":"%s","hasAudio":"false",
                 "connection":{"sipLogin":"alice","sipPassword":"secret","sipDomain":"%s"%s}}
                """.formatted(id, callee, rtmpUrl, id, domain, extraConnection);
    }

    @Test
    void sipAndRtmpTargetsOnPrivateAddressesAreRefusedWhenTheCallIsRequested() throws Exception {
        server = serve(hosts("10.0.0.5 sip.internal.test\n169.254.169.254 metadata.internal.test\n"));
        try (ServerSocket tcpService = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
             DatagramSocket udpService = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            int tcp = tcpService.getLocalPort();
            int udp = udpService.getLocalPort();
            String publicRtmp = "rtmp://cdn.example.com/live";
            // each: the start of the refusal, and the request that names a private destination
            List<Map.Entry<String, String>> refusedBodies = new java.util.ArrayList<>();
            refusedBodies.add(Map.entry("connection.sipDomain is not allowed: 127.0.0.1 is a private network address",
                    call("d1", "conf", "127.0.0.1", ",\"sipPort\":" + tcp + ",\"sipTransport\":\"TCP\"", publicRtmp)));
            refusedBodies.add(Map.entry("connection.sipDomain is not allowed: 127.0.0.1 is",
                    call("d2", "conf", "127.0.0.1", ",\"sipPort\":" + udp, publicRtmp)));
            refusedBodies.add(Map.entry("connection.sipDomain is not allowed: 169.254.169.254 is",
                    call("d3", "conf", "169.254.169.254", "", publicRtmp)));
            refusedBodies.add(Map.entry("connection.sipDomain is not allowed: sip.internal.test resolves to a private network address",
                    call("d4", "conf", "sip.internal.test", "", publicRtmp)));
            refusedBodies.add(Map.entry("connection.sipDomain is not allowed: 2002:7f00:1::1 is",
                    call("d5", "conf", "[2002:7f00:1::1]", "", publicRtmp)));
            refusedBodies.add(Map.entry("connection.sipOutboundProxy is not allowed: 127.0.0.1 is",
                    call("p1", "conf", "sip.example.com", ",\"sipOutboundProxy\":\"127.0.0.1:" + tcp + "\"", publicRtmp)));
            refusedBodies.add(Map.entry("connection.sipOutboundProxy is not allowed: metadata.internal.test resolves to",
                    call("p2", "conf", "sip.example.com", ",\"sipOutboundProxy\":\"metadata.internal.test\"", publicRtmp)));
            refusedBodies.add(Map.entry("callee is not allowed: 127.0.0.1 is",
                    call("c1", "conf@127.0.0.1:" + udp, "sip.example.com", "", publicRtmp)));
            refusedBodies.add(Map.entry("callee is not allowed: 127.0.0.1 is",
                    call("c2", "sip:conf@sip.example.com;maddr=127.0.0.1", "sip.example.com", "", publicRtmp)));
            refusedBodies.add(Map.entry("callee is not allowed: 2001:0:4136:e378:8000:63bf:80ff:fffe is",
                    call("c3", "conf@[2001:0:4136:e378:8000:63bf:80ff:fffe]", "sip.example.com", "", publicRtmp)));
            refusedBodies.add(Map.entry("rtmpUrl is not allowed: 127.0.0.1 is",
                    call("r1", "conf", "sip.example.com", "", "rtmp://127.0.0.1:" + tcp + "/live")));
            refusedBodies.add(Map.entry("rtmpUrl is not allowed: ::ffff:127.0.0.1 is",
                    call("r2", "conf", "sip.example.com", "", "rtmp://[::ffff:127.0.0.1]:" + tcp + "/live")));
            refusedBodies.add(Map.entry("rtmpUrl is not allowed: 64:ff9b::7f00:1 is",
                    call("r3", "conf", "sip.example.com", "", "rtmp://[64:ff9b::7f00:1]:" + tcp + "/live")));
            refusedBodies.add(Map.entry("rtmpUrl is not allowed: localhost is a loopback name",
                    call("r4", "conf", "sip.example.com", "", "rtmps://localhost:" + tcp + "/live")));
            refusedBodies.add(Map.entry("rtmpUrl is not allowed: 169.254.169.254 is",
                    call("r5", "conf", "sip.example.com", "", "rtmp://169.254.169.254/live")));

            int i = 0;
            for (Map.Entry<String, String> c : refusedBodies) {
                HttpResponse<String> r = startCall(c.getValue());
                assertThat(r.statusCode()).as("case %d: %s", i, r.body()).isEqualTo(400);
                JsonNode error = ApiClient.JSON.readTree(r.body()).path("error");
                assertThat(error.path("code").asText()).isEqualTo("INVALID_PARAMETER");
                assertThat(error.path("message").asText()).as("case %d", i).startsWith(c.getKey())
                        .contains("the operator can allow private networks with sip.allow_private_networks")
                        .doesNotContainIgnoringCase("could not connect").doesNotContainIgnoringCase("refused")
                        .doesNotContainIgnoringCase("unreachable").doesNotContainIgnoringCase("timed out")
                        .doesNotContain("10.0.0.5");
                i++;
            }
            HttpResponse<String> calls = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(server.localUrl() + "/rest-api/call/find_all"))
                    .header("Authorization", "Bearer " + server.initialToken())
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(calls.body()).as("no call was placed").isEqualTo("[]");

            tcpService.setSoTimeout(1000);
            assertThatThrownBy(tcpService::accept).as("nothing connected to the TCP service on loopback")
                    .isInstanceOf(SocketTimeoutException.class);
            udpService.setSoTimeout(500);
            assertThatThrownBy(() -> udpService.receive(new DatagramPacket(new byte[2048], 2048)))
                    .as("nothing was sent to the UDP service on loopback").isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void allowedCallsGoToTheAddressesHibikiLookedUpUnderTheNamesTheTenantGave() throws Exception {
        // sip.pinned.test and rtmp.pinned.test exist only for the server's JVM: JAIN-SIP or FFmpeg looking a name up
        // again would not find them
        server = serve(hosts("127.0.0.1 sip.pinned.test rtmp.pinned.test\n"), "HIBIKI_SIP_ALLOW_PRIVATE_NETWORKS", "true");
        try (NginxRtmp nginx = new NginxRtmp(); Sipp sipp = new Sipp(Sipp.AfterAnswer.WAIT_FOR_BYE, 0, 0, "udp")) {
            String app = "rtmp://rtmp.pinned.test:" + nginx.port() + "/live";
            HttpResponse<String> r = startCall(call("pinned", "service", "sip.pinned.test",
                    ",\"sipPort\":" + sipp.port(), app));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> find("pinned").path("rtmpState").asText().equals("PUBLISHING"));
            assertThat(sipp.messages()).contains("INVITE sip:service@sip.pinned.test:" + sipp.port());

            HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.localUrl() + "/rest-api/call/terminate"))
                    .header("Authorization", "Bearer " + server.initialToken())
                    .POST(HttpRequest.BodyPublishers.ofString("{\"callId\":\"pinned\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(10)).until(() -> nginx.accessLog().contains(" pinned "));
            assertThat(nginx.accessLog()).as("the RTMP server saw the name in tcUrl").contains("live pinned " + app);
        }
    }

    private JsonNode find(String callId) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(server.localUrl() + "/rest-api/call/find"))
                .header("Authorization", "Bearer " + server.initialToken())
                .POST(HttpRequest.BodyPublishers.ofString("{\"callId\":\"" + callId + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return ApiClient.JSON.readTree(r.body()).path(0);
    }

    @Test
    void aWebhookNameThatNowResolvesToAPrivateAddressIsNotCalled() throws Exception {
        Path hosts = hosts("93.184.216.34 hooks.rebind.test\n");
        server = serve(hosts);
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.answer("/auth", WebhookReceiver.Answer.json("{\"allowed\":true}"));
            ApiClient api = new ApiClient(server.localUrl());
            String token = server.initialToken();

            ApiClient.Response nat64 = api.call(token, ApiClient.CREATE_CHANNEL, "{\"auth_webhook_url\":\"http://[64:ff9b::7f00:1]:"
                    + receiver.port() + "/auth\"," + ApiClient.TWO_RENDITIONS.substring(1));
            assertThat(nat64.status()).as("%s", nat64).isEqualTo(400);
            assertThat(nat64.json().path("error").path("message").asText())
                    .startsWith("auth_webhook_url is not allowed: 64:ff9b::7f00:1 is a private network address");

            // public when the channel is created, loopback when a client connects
            ApiClient.Response created = api.call(token, ApiClient.CREATE_CHANNEL, "{\"auth_webhook_url\":\"http://hooks.rebind.test:"
                    + receiver.port() + "/auth\"," + ApiClient.TWO_RENDITIONS.substring(1));
            assertThat(created.status()).as("%s", created).isEqualTo(200);
            Files.writeString(hosts, Files.readString(hosts).replace("93.184.216.34", "127.0.0.1"));

            String outcome = SignalingProbe.connectRecvonly(URI.create(server.localUrl().replace("http://", "ws://")
                    + "/signaling"), created.json().path("channel_id").asText(), java.time.Duration.ofSeconds(20));
            assertThat(outcome).isEqualTo("closed 4490 AUTH-WEBHOOK-ERROR: the auth webhook URL is not allowed: it points to "
                    + "a private network address");
            Thread.sleep(500);
            assertThat(receiver.calls("/auth")).as("the receiver on loopback was never called").isEmpty();
        }
    }
}
