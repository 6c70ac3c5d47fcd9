package dev.hibiki.server.browser;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hibiki.platform.http.JsonBodyReader;
import dev.hibiki.ricoh.IssuedClient;
import dev.hibiki.server.testing.ServerFixture;
import dev.hibiki.server.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static dev.hibiki.server.browser.ChannelPages.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The RICOH Live Streaming API end to end: token, room and tickets over HTTP as the document's curl commands send
 * them, then demo/ricoh.html, which signals with the document's own JavaScript (raw WebSocket, RTCPeerConnection,
 * addStream / onaddstream, candidate messages), in headless Chromium: one broadcaster, two viewers.
 */
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RicohRoomBrowserTest {

    /** Sora's ping interval is 5 s and three missed pongs close a Sora client; the document's client sends none. */
    private static final Duration PAST_THE_PONG_DEADLINE = Duration.ofSeconds(17);

    @RegisterExtension
    final ChromiumExtension chromium = new ChromiumExtension();

    private final HttpClient http = HttpClient.newHttpClient();
    private ServerFixture fixture;
    private IssuedClient client;
    private String bearer;

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        fixture = new ServerFixture(dataDir, TestDatabases.h2(dataDir));
        client = fixture.server().ricohClients().create("ricoh browser test", 2);
        HttpResponse<String> token = send(HttpRequest.newBuilder(uri("/v1/token"))
                .header("Authorization", basic())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        bearer = "Bearer " + json(token).get("access_token").asText();
    }

    @AfterAll
    void stop() {
        if (fixture != null) fixture.close();
    }

    @Test
    void aBroadcasterAndTwoViewersMeetInARoomWhichCountsThemAndClosesThemWhenDeleted() throws Exception {
        String room = json(api("POST", "/v1/rooms", bearer, null, 200)).get("id").asText();
        JsonNode up = ticket(room, "up", bearer);
        // The document's broadcaster sends the ticket id as channel_id; its viewer example authenticates with Basic.
        HeadlessChromium broadcaster = join("broadcaster", up, up.get("id").asText(), "upstream");
        HeadlessChromium alice = join("alice", ticket(room, "down", basic()), room, "downstream");
        HeadlessChromium bob = join("bob", ticket(room, "down", bearer), room, "downstream");
        for (HeadlessChromium b : List.of(broadcaster, alice, bob)) {
            b.waitFor("window.ricohDemo.state === 'connected'", WAIT);
            assertThat(b.json("window.ricohDemo.offer.channel_id").asText()).isEqualTo(room);
            assertThat(b.json("window.ricohDemo.candidatesSent").asInt()).as("the page's candidate messages").isPositive();
        }
        for (HeadlessChromium viewer : List.of(alice, bob)) {
            awaitMedia(viewer);
            assertThat(viewer.json("window.ricohDemo.remoteStreams")).as("onaddstream fired for the broadcast")
                    .hasSize(1);
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(counts(room)).containsExactly(1, 2));
        // The document's own candidate message (a TCP candidate) is accepted and changes nothing.
        alice.eval("window.ricohDemo.ws.send(JSON.stringify({type: 'candidate', candidate: "
                + "'candidate:3179889176 1 tcp 1518214911 192.168.1.10 0 typ host tcptype active generation 0'}))");

        // The document's client answers no ping: past the deadline that would close a Sora client, media still flows.
        long offeredAt = ((Number) broadcaster.eval("window.ricohDemo.offeredAt")).longValue();
        long waitMillis = offeredAt + PAST_THE_PONG_DEADLINE.toMillis() - System.currentTimeMillis();
        if (waitMillis > 0) Thread.sleep(waitMillis);
        long framesBefore = decodedFrames(alice);
        await().atMost(WAIT).until(() -> decodedFrames(alice) > framesBefore);
        for (HeadlessChromium b : List.of(broadcaster, alice, bob)) {
            assertThat(b.json("window.ricohDemo.state").asText()).as(b.name()).isEqualTo("connected");
        }
        assertThat(counts(room)).containsExactly(1, 2);

        // Everyone leaves: the room is empty again, and a new broadcaster may take it.
        for (HeadlessChromium b : List.of(broadcaster, alice, bob)) b.eval("window.ricohDemo.leave()");
        await().atMost(WAIT).untilAsserted(() -> assertThat(counts(room)).containsExactly(0, 0));

        HeadlessChromium again = join("broadcaster-again", ticket(room, "up", bearer), room, "upstream");
        HeadlessChromium carol = join("carol", ticket(room, "down", bearer), room, "downstream");
        carol.waitFor("window.ricohDemo.state === 'connected'", WAIT);
        awaitMedia(carol);
        await().atMost(WAIT).untilAsserted(() -> assertThat(counts(room)).containsExactly(1, 1));

        api("DELETE", "/v1/rooms/" + room, bearer, null, 204);
        for (HeadlessChromium b : List.of(again, carol)) {
            b.waitFor("window.ricohDemo.state === 'closed'", WAIT);
            assertThat(b.json("window.ricohDemo.closeCode").asInt()).isEqualTo(1000);
            assertThat(b.json("window.ricohDemo.closeReason").asText()).isEqualTo("DISCONNECTED-API");
        }
        api("GET", "/v1/rooms/" + room, bearer, null, 404);
        for (HeadlessChromium b : List.of(broadcaster, alice, bob, again, carol)) {
            assertThat(b.consoleErrors()).as(b.name()).isEmpty();
        }
    }

    private HeadlessChromium join(String name, JsonNode ticket, String channelId, String role) {
        HeadlessChromium b = chromium.launch(name);
        b.open(URI.create(fixture.baseUri() + "demo/ricoh.html?autoconnect=1"
                + "&url=" + enc(ticket.get("url").asText()) + "&channel_id=" + enc(channelId)
                + "&access_token=" + enc(ticket.get("access_token").asText()) + "&role=" + role));
        return b;
    }

    /** The viewer decodes the broadcaster's video and receives its audio. */
    private static void awaitMedia(HeadlessChromium viewer) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            JsonNode s = viewer.evalAsync("return await window.ricohDemo.stats();");
            assertThat(s.at("/video/framesDecoded").asLong()).as(viewer.name() + " video frames decoded").isPositive();
            assertThat(s.at("/audio/totalSamplesReceived").asLong()).as(viewer.name() + " audio samples").isPositive();
        });
    }

    private static long decodedFrames(HeadlessChromium viewer) {
        return viewer.evalAsync("return await window.ricohDemo.stats();").at("/video/framesDecoded").asLong();
    }

    private List<Integer> counts(String room) throws Exception {
        JsonNode r = json(api("GET", "/v1/rooms/" + room, bearer, null, 200));
        return List.of(r.get("up_count").asInt(), r.get("down_count").asInt());
    }

    private JsonNode ticket(String room, String direction, String authorization) throws Exception {
        return json(api("POST", "/v1/rooms/" + room + "/tickets", authorization,
                "{\"direction\":\"" + direction + "\"}", 200));
    }

    private HttpResponse<String> api(String method, String path, String authorization, String body, int status)
            throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(uri(path)).header("Authorization", authorization)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) r.header("Content-Type", "application/json");
        HttpResponse<String> response = send(r);
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(status);
        return response;
    }

    private String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((client.client().id() + ":" + client.secret())
                .getBytes(StandardCharsets.UTF_8));
    }

    private URI uri(String path) {
        return URI.create(fixture.baseUri().toString().replaceAll("/$", "") + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder r) throws IOException, InterruptedException {
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return JsonBodyReader.mapper().readTree(r.body());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
