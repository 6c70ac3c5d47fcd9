package dev.hibiki.sipgateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hibiki.platform.config.DatabaseSettings;
import dev.hibiki.sipgateway.SipSettings;
import dev.hibiki.server.testing.ApiClient;
import dev.hibiki.server.testing.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.http.HttpRequest;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SIP gateway's REST API over real HTTP against a real server and database: auth, validation, 404, 409, and the
 * app store behind appKey. The far end here is a UDP socket that never answers, so calls stay TRYING until
 * terminated; real calls are in {@link SipGatewayApiTest}. Subclasses choose the database.
 */
abstract class SipCallApiContract {
    @TempDir
    Path dataDir;
    ServerFixture fixture;
    ApiClient api;
    String token;
    DatagramSocket silentFarEnd;

    abstract DatabaseSettings database(Path dataDir);

    @BeforeEach
    void start() throws Exception {
        silentFarEnd = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        // the far end (and the RTMP URL) is on loopback: the gateway must be allowed to reach it
        fixture = new ServerFixture(dataDir, database(dataDir), SipSettings.LOOPBACK.withPrivateNetworks(true));
        api = new ApiClient(fixture.baseUri());
        token = fixture.newToken("sip");
    }

    @AfterEach
    void stop() {
        if (fixture != null) fixture.close();
        if (silentFarEnd != null) silentFarEnd.close();
    }

    ApiClient.Response post(String path, String body, String bearer) {
        HttpRequest.Builder b = api.request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) b.header("Authorization", "Bearer " + bearer);
        return api.send(b.build());
    }

    ApiClient.Response post(String path, String body) {
        return post(path, body, token);
    }

    String startupBody(String callId, String stream, String extraConnection) {
        return """
                {"callId":"%s","callee":"conf1","rtmpUrl":"rtmp://127.0.0.1:1/live","rtmpStream":"%s",
                 "hasAudio":"false","hasVideo":"false",
                 "connection":{"sipLogin":"alice","sipPassword":"secret","sipAuthenticationName":"alice",
                   "sipDomain":"127.0.0.1","sipPort":"%d","sipRegisterRequired":"false"%s}}
                """.formatted(callId, stream, silentFarEnd.getLocalPort(), extraConnection);
    }

    @Test
    void everyEndpointNeedsTheBearerToken() {
        for (String path : SipCallApi.PATHS) {
            ApiClient.Response r = post(path, "{}", null);
            assertThat(r.status()).as(path).isEqualTo(401);
            assertThat(r.errorCode()).isEqualTo("MISSING_TOKEN");
        }
        assertThat(post("/rest-api/call/find_all", "{}", "hbk_wrong").errorCode()).isEqualTo("INVALID_TOKEN");
    }

    @Test
    void invalidInputIs400NamingTheField() {
        record Case(String body, String code, String field) {
        }
        String ok = startupBody("x1", "s", "");
        for (Case c : new Case[] {
                new Case(ok.replace("\"callId\":\"x1\",", ""), "MISSING_PARAMETER", "callId"),
                new Case(ok.replace("\"callee\":\"conf1\"", "\"callee\":\"\""), "INVALID_PARAMETER", "callee"),
                new Case(ok.replace("rtmp://127.0.0.1:1/live", "http://x/live"), "INVALID_PARAMETER", "rtmpUrl"),
                new Case(ok.replace("\"rtmpStream\":\"s\"", "\"rtmpStream\":\"a b\""), "INVALID_PARAMETER", "rtmpStream"),
                new Case(ok.replace("\"hasAudio\":\"false\"", "\"hasAudio\":\"maybe\""), "INVALID_PARAMETER", "hasAudio"),
                new Case(ok.replace("\"hasVideo\":\"false\"", "\"hasVideo\":[]"), "INVALID_PARAMETER", "hasVideo"),
                new Case(ok.replaceAll("\"sipPort\":\"\\d+\"", "\"sipPort\":\"70000\""), "INVALID_PARAMETER", "connection.sipPort"),
                new Case(ok.replaceAll("\"sipPort\":\"\\d+\"", "\"sipPort\":\"50x\""), "INVALID_PARAMETER", "connection.sipPort"),
                new Case(ok.replace("\"sipDomain\":\"127.0.0.1\"", "\"sipDomain\":\"a b\""), "INVALID_PARAMETER", "connection.sipDomain"),
                new Case(ok.replace("\"sipLogin\":\"alice\",", ""), "MISSING_PARAMETER", "connection.sipLogin"),
                new Case(ok.replace("\"sipRegisterRequired\":\"false\"", "\"sipRegisterRequired\":1"), "INVALID_PARAMETER", "connection.sipRegisterRequired"),
                new Case(startupBody("x1", "s", ",\"appKey\":\"nope\""), "INVALID_PARAMETER", "connection.appKey"),
                new Case(startupBody("x1", "s", ",\"sipTransport\":\"SCTP\""), "INVALID_PARAMETER", "connection.sipTransport"),
                new Case("{\"callId\":\"x1\"}", "MISSING_PARAMETER", "callee"),
        }) {
            ApiClient.Response r = post("/rest-api/call/startup", c.body());
            assertThat(r.status()).as(c.body()).isEqualTo(400);
            assertThat(r.errorCode()).as(c.body()).isEqualTo(c.code());
            assertThat(r.errorMessage()).as(c.body()).startsWith(c.field());
        }
        assertThat(post("/rest-api/call/startup", "{nope").errorCode()).isEqualTo("INVALID_JSON");
        assertThat(post("/rest-api/call/find", "{}").errorMessage()).isEqualTo("callId is required");
        assertThat(post("/rest-api/call/find_all", "{}").json().size()).isZero();
    }

    @Test
    void aConflictWithAnotherTokensCallDoesNotNameIt() {
        assertThat(post("/rest-api/call/startup", startupBody("secret-call-of-a", "shared", "")).status()).isEqualTo(200);
        String other = fixture.newToken("other");

        ApiClient.Response sameTarget = post("/rest-api/call/startup", startupBody("b-1", "shared", ""), other);
        assertThat(sameTarget.status()).isEqualTo(409);
        assertThat(sameTarget.errorMessage()).contains("rtmp://127.0.0.1:1/live/shared").doesNotContain("secret-call-of-a");
        ApiClient.Response sameId = post("/rest-api/call/startup", startupBody("secret-call-of-a", "mine", ""), other);
        assertThat(sameId.status()).isEqualTo(409);
        assertThat(sameId.errorMessage()).isEqualTo("callId secret-call-of-a is already in use by a call in progress");

        // Its owner is told which of its calls holds the target.
        ApiClient.Response own = post("/rest-api/call/startup", startupBody("a-2", "shared", ""));
        assertThat(own.errorMessage()).contains("by call secret-call-of-a");
    }

    @Test
    void startupAcceptsStringsBooleansAndNumbersAndRefusesTakenIdsAndTargets() {
        ApiClient.Response started = post("/rest-api/call/startup", startupBody("call-1", "stream1", ""));
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        assertThat(started.json().path("callId").asText()).isEqualTo("call-1");
        assertThat(started.json().path("status").asText()).isEqualTo("TRYING");

        ApiClient.Response sameId = post("/rest-api/call/startup", startupBody("call-1", "other", ""));
        assertThat(sameId.status()).isEqualTo(409);
        assertThat(sameId.errorCode()).isEqualTo("CONFLICT");
        assertThat(sameId.errorMessage()).contains("callId call-1");

        ApiClient.Response sameTarget = post("/RESTCall/call", startupBody("call-2", "stream1", ""));
        assertThat(sameTarget.status()).isEqualTo(409);
        assertThat(sameTarget.errorMessage()).contains("rtmp://127.0.0.1:1/live/stream1");

        // JSON booleans and numbers work as well as the document's strings
        String typed = startupBody("call-3", "stream3", "").replace("\"hasAudio\":\"false\"", "\"hasAudio\":true")
                .replaceAll("\"sipPort\":\"(\\d+)\"", "\"sipPort\":$1").replace("\"callee\":\"conf1\"", "\"callee\":5551234");
        ApiClient.Response third = post("/RESTCall/call", typed);
        assertThat(third.status()).as(third.body()).isEqualTo(200);
        assertThat(third.json().path("callee").asText()).isEqualTo("5551234");

        JsonNode all = post("/rest-api/call/find_all", "").json();
        assertThat(all).extracting(n -> n.path("callId").asText()).containsExactly("call-1", "call-3");
        JsonNode one = post("/rest-api/call/find", "{\"callId\":\"call-3\"}").json();
        assertThat(one.size()).isEqualTo(1);
        assertThat(one.get(0).path("status").asText()).isEqualTo("TRYING");
        assertThat(one.get(0).path("rtmpState").asText()).isEqualTo("IDLE");

        ApiClient.Response ended = post("/rest-api/call/terminate", "{\"callId\":\"call-1\"}");
        assertThat(ended.json().path("status").asText()).isEqualTo("FINISHED");
        assertThat(ended.json().path("reason").asText()).isEqualTo("terminated");
        // a finished call frees its id and its RTMP target
        assertThat(post("/rest-api/call/startup", startupBody("call-1", "stream1", "")).status()).isEqualTo(200);

        ApiClient.Response missing = post("/rest-api/call/terminate", "{\"callId\":\"nope\"}");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo("CALL_NOT_FOUND");
        assertThat(post("/rest-api/call/find", "{\"callId\":\"nope\"}").status()).isEqualTo(404);
    }

    @Test
    void aCallIsVisibleOnlyToTheTokenThatPlacedIt() {
        assertThat(post("/rest-api/call/startup", startupBody("mine", "m1", "")).status()).isEqualTo(200);
        String other = fixture.newToken("other");
        assertThat(post("/rest-api/call/find", "{\"callId\":\"mine\"}", other).errorCode()).isEqualTo("CALL_NOT_FOUND");
        assertThat(post("/rest-api/call/terminate", "{\"callId\":\"mine\"}", other).errorCode()).isEqualTo("CALL_NOT_FOUND");
        assertThat(post("/rest-api/call/find_all", "{}", other).json().size()).isZero();
        assertThat(post("/rest-api/call/find", "{\"callId\":\"mine\"}").json().get(0).path("status").asText())
                .isEqualTo("TRYING");
    }

    @Test
    void appsAreStoredListedAndDeleted() {
        SipAppService apps = fixture.server().sip().apps();
        apps.create("callApp", "http://127.0.0.1:9/hook");
        assertThatThrownBy(() -> apps.create("callApp", "http://127.0.0.1:9/other")).hasMessageContaining("exists already");
        assertThatThrownBy(() -> apps.create("bad key", "http://x/")).hasMessageContaining("app key");
        assertThatThrownBy(() -> apps.create("k2", "ftp://x/")).hasMessageContaining("http");
        assertThat(apps.list()).extracting(SipApp::key).containsExactly("callApp");
        assertThat(apps.find("callApp").orElseThrow().callbackUrl().toString()).isEqualTo("http://127.0.0.1:9/hook");
        ApiClient.Response r = post("/rest-api/call/startup", startupBody("with-app", "s9", ",\"appKey\":\"callApp\""));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("appKey").asText()).isEqualTo("callApp");
        assertThat(apps.delete("callApp")).isTrue();
        assertThat(apps.delete("callApp")).isFalse();
        assertThat(apps.list()).isEmpty();
    }

    @Test
    void wrongMethodIs405WithPost() {
        ApiClient.Response r = api.send(api.request("/rest-api/call/find_all").GET().build());
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.header("Allow")).contains("POST");
    }
}
