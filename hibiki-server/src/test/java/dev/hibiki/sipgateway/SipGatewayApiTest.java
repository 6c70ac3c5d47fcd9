package dev.hibiki.sipgateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hibiki.sipgateway.SipSettings;
import dev.hibiki.server.testing.ApiClient;
import dev.hibiki.server.testing.ServerFixture;
import dev.hibiki.server.testing.TestDatabases;
import dev.hibiki.server.testing.WebhookReceiver;
import dev.hibiki.sip.testing.Ffprobe;
import dev.hibiki.sip.testing.NginxRtmp;
import dev.hibiki.sip.testing.Sipp;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole gateway through its REST API, as the Flashphoner document drives it: a call to sipp (digest auth,
 * G.711 RTP) streamed to nginx-rtmp and read back by ffprobe, its states posted to the appKey's callback URL.
 */
@Tag("sip")
class SipGatewayApiTest {
    /** sipp and nginx run on loopback: the gateway must be allowed to reach it. */
    private static final SipSettings LOOPBACK_PEERS = SipSettings.LOOPBACK.withPrivateNetworks(true);

    @TempDir
    Path dataDir;

    @Test
    void documentStyleCallIsStreamedReportedAndTerminated() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dataDir, TestDatabases.h2(dataDir), LOOPBACK_PEERS);
             NginxRtmp nginx = new NginxRtmp();
             Sipp sipp = new Sipp(Sipp.AfterAnswer.WAIT_FOR_BYE, 300, 0, "udp");
             WebhookReceiver receiver = new WebhookReceiver()) {
            ApiClient api = new ApiClient(fixture.baseUri());
            String token = fixture.newToken("sip");
            fixture.server().sip().apps().create("callApp", receiver.url("/calls"));
            // the request of the document, booleans and ports as strings
            String body = """
                    { "callId":"R2fhkll5Sw3lK", "callee":"service", "rtmpUrl":"%s", "rtmpStream":"streamName",
                      "hasAudio":"true", "hasVideo":"false",
                      "connection":{ "sipLogin":"alice", "sipPassword":"secret", "sipAuthenticationName":"alice",
                        "sipDomain":"127.0.0.1", "sipPort":"%d", "sipRegisterRequired":"false", "appKey":"callApp" } }
                    """.formatted(nginx.appUrl(), sipp.port());
            ApiClient.Response started = post(api, token, "/RESTCall/call", body);
            assertThat(started.status()).as(started.body()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(15)).until(() ->
                    find(api, token).path("rtmpState").asText().equals("PUBLISHING"));
            Ffprobe.LiveProbe probe = Ffprobe.live(nginx.appUrl() + "/streamName", 3);
            assertThat(probe.codecs()).as(probe.output()).containsExactly("aac");
            assertThat(probe.audioSpan()).isGreaterThan(1.5);

            JsonNode live = find(api, token);
            assertThat(live.path("status").asText()).isEqualTo("ESTABLISHED");
            assertThat(live.path("sipStatusCode").asInt()).isEqualTo(200);
            assertThat(live.path("media").path("audioCodec").asText()).isEqualTo("PCMU");
            assertThat(live.path("media").path("rtpPackets").asLong()).isGreaterThan(100);
            assertThat(live.path("media").path("aacFrames").asLong()).isGreaterThan(10);
            assertThat(live.path("media").path("heldFrames").isIntegralNumber()).as(live.toString()).isTrue();

            ApiClient.Response ended = post(api, token, "/rest-api/call/terminate", "{\"callId\":\"R2fhkll5Sw3lK\"}");
            assertThat(ended.json().path("status").asText()).isEqualTo("FINISHED");
            await().atMost(Duration.ofSeconds(5)).until(() -> sipp.messages().contains("BYE sip:"));

            receiver.awaitCall("/calls", c -> c.body().path("status").asText().equals("FINISHED"), Duration.ofSeconds(10));
            List<String> states = receiver.calls("/calls").stream().map(c -> c.body().path("status").asText())
                    .distinct().toList();
            assertThat(states).containsExactly("TRYING", "RINGING", "ESTABLISHED", "FINISHED");
            WebhookReceiver.Call last = receiver.calls("/calls").getLast();
            assertThat(last.body().path("type").asText()).isEqualTo("sip.call.status");
            assertThat(last.body().path("appKey").asText()).isEqualTo("callApp");
            assertThat(last.body().path("callId").asText()).isEqualTo("R2fhkll5Sw3lK");
        }
    }

    /** The request body of Flashphoner's document, byte for byte (callApp is WCS's built-in application). */
    private static final String DOCUMENT_BODY = """
            { "callId":"R2fhkll5Sw3lK", "callee":"mytwiliodomain.sip.twilio.com", "rtmpUrl":"rtmp://my_wowza_server.com:1935/live", "rtmpStream":"streamName", "hasAudio":"true", "hasVideo":"true", "connection":{ "sipLogin":"myusername", "sipPassword":"MyPasswordPassword1", "sipAuthenticationName":"myusername", "sipDomain":"mytwiliodomain.sip.twilio.com", "sipPort":"5060", "sipRegisterRequired":"false", "appKey":"callApp" } }""";

    @Test
    void theDocumentsBodyIsPlacedUnchangedOnBothPathsWithoutRegisteringCallApp() {
        try (ServerFixture fixture = new ServerFixture(dataDir, TestDatabases.h2(dataDir), LOOPBACK_PEERS)) {
            ApiClient api = new ApiClient(fixture.baseUri());
            String token = fixture.newToken("sip");
            assertThat(fixture.server().sip().apps().find("callApp")).isEmpty();
            for (String path : List.of("/RESTCall/call", "/rest-api/call/startup")) {
                ApiClient.Response started = post(api, token, path, DOCUMENT_BODY);
                assertThat(started.status()).as(path + ": " + started.body()).isEqualTo(200);
                assertThat(started.json().path("callId").asText()).isEqualTo("R2fhkll5Sw3lK");
                assertThat(started.json().path("appKey").asText()).isEqualTo("callApp");
                // The call is kept for find whatever the (unreachable, here) SIP domain does with it.
                JsonNode found = find(api, token);
                assertThat(found.path("appKey").asText()).isEqualTo("callApp");
                assertThat(found.path("status").asText()).isIn("TRYING", "RINGING", "FAILED");
                ApiClient.Response ended = post(api, token, "/rest-api/call/terminate", "{\"callId\":\"R2fhkll5Sw3lK\"}");
                assertThat(ended.status()).as(ended.body()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(10)).until(() -> !find(api, token).path("status").asText()
                        .matches("TRYING|RINGING|ESTABLISHED"));
            }
            ApiClient.Response unknown = post(api, token, "/rest-api/call/startup",
                    DOCUMENT_BODY.replace("\"callApp\"", "\"myApp\""));
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(unknown.errorMessage()).contains("myApp").contains("hibiki sip app create").contains("callApp");
        }
    }

    @Test
    void theDocumentsBodyAimedAtLocalServersStreamsWithTheBuiltInApp() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dataDir, TestDatabases.h2(dataDir), LOOPBACK_PEERS);
             NginxRtmp nginx = new NginxRtmp();
             Sipp sipp = new Sipp(Sipp.AfterAnswer.WAIT_FOR_BYE, 300, 0, "udp", "myusername", "MyPasswordPassword1")) {
            ApiClient api = new ApiClient(fixture.baseUri());
            String token = fixture.newToken("sip");
            // Only where the servers are changes: the SIP domain (also the callee) and the RTMP server of this machine.
            String body = DOCUMENT_BODY.replace("mytwiliodomain.sip.twilio.com", "127.0.0.1")
                    .replace("\"sipPort\":\"5060\"", "\"sipPort\":\"" + sipp.port() + "\"")
                    .replace("rtmp://my_wowza_server.com:1935/live", nginx.appUrl());
            ApiClient.Response started = post(api, token, "/RESTCall/call", body);
            assertThat(started.status()).as(started.body()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                JsonNode call = find(api, token);
                assertThat(call.path("rtmpState").asText()).as(call.toString()).isEqualTo("PUBLISHING");
            });
            Ffprobe.LiveProbe probe = Ffprobe.live(nginx.appUrl() + "/streamName", 3);
            assertThat(probe.codecs()).as(probe.output()).contains("aac");
            JsonNode live = find(api, token);
            assertThat(live.path("status").asText()).isEqualTo("ESTABLISHED");
            assertThat(live.path("appKey").asText()).isEqualTo("callApp");

            ApiClient.Response ended = post(api, token, "/rest-api/call/terminate", "{\"callId\":\"R2fhkll5Sw3lK\"}");
            assertThat(ended.json().path("status").asText()).isEqualTo("FINISHED");
            await().atMost(Duration.ofSeconds(5)).until(() -> sipp.messages().contains("BYE sip:"));
        }
    }

    private static JsonNode find(ApiClient api, String token) {
        return post(api, token, "/rest-api/call/find", "{\"callId\":\"R2fhkll5Sw3lK\"}").json().get(0);
    }

    private static ApiClient.Response post(ApiClient api, String token, String path, String body) {
        return api.send(api.request(path).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }
}
