package dev.hibiki.server.sip;

import com.fasterxml.jackson.databind.JsonNode;
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
    @TempDir
    Path dataDir;

    @Test
    void documentStyleCallIsStreamedReportedAndTerminated() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dataDir, TestDatabases.h2(dataDir));
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

    private static JsonNode find(ApiClient api, String token) {
        return post(api, token, "/rest-api/call/find", "{\"callId\":\"R2fhkll5Sw3lK\"}").json().get(0);
    }

    private static ApiClient.Response post(ApiClient api, String token, String path, String body) {
        return api.send(api.request(path).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }
}
