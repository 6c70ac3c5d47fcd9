package dev.hibiki.live.imageflux;

import dev.hibiki.server.testing.Schema;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hibiki.live.channel.Channel;
import dev.hibiki.live.channel.ChannelService;
import dev.hibiki.live.channel.HlsRendition;
import dev.hibiki.platform.config.DatabaseSettings;
import dev.hibiki.platform.persistence.Database;
import dev.hibiki.server.testing.ApiClient;
import dev.hibiki.server.testing.ApiClient.Response;
import dev.hibiki.server.testing.ServerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static dev.hibiki.live.imageflux.ImageFluxChannelApi.CREATE_CHANNEL;
import static dev.hibiki.live.imageflux.ImageFluxChannelApi.CREATE_MULTISTREAM_CHANNEL;
import static dev.hibiki.live.imageflux.ImageFluxChannelApi.CREATE_MULTISTREAM_CHANNEL_WITH_HLS;
import static dev.hibiki.live.imageflux.ImageFluxChannelApi.DELETE_CHANNEL;
import static dev.hibiki.live.imageflux.ImageFluxChannelApi.LIST_CHANNEL_IDS;
import static dev.hibiki.live.imageflux.ImageFluxChannelApi.LIST_PLAYLIST_URLS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ImageFlux channel API over real HTTP against a real server and database. Subclasses choose the database,
 * so every case runs on H2 and on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ImageFluxApiContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUICKSTART_BODY = """
            {
              "hls": [
                {"durationSeconds": 1, "startTimeOffset": -2,
                 "video": {"width": 1280, "height": 720, "fps": 30, "bps": 2000000}, "audio": {"bps": 96000}},
                {"durationSeconds": 1, "startTimeOffset": -2,
                 "video": {"width": 640, "height": 360, "fps": 30, "bps": 500000}, "audio": {"bps": 96000}}
              ]
            }""";

    @TempDir
    static Path dataDir;

    private ServerFixture fixture;
    private ApiClient api;
    private String token;

    /** The database this run uses; called once per test class. */
    abstract DatabaseSettings database(Path dataDir);

    @BeforeAll
    void startServer() {
        fixture = new ServerFixture(dataDir, database(dataDir));
        api = new ApiClient(fixture.baseUri());
    }

    @AfterAll
    void stopServer() {
        if (fixture != null) fixture.close();
    }

    @BeforeEach
    void newTenant() {
        token = fixture.newToken("test");
    }

    private Response call(String target, String body) {
        return api.call(target, token, body);
    }

    private String createChannel() {
        Response r = call(CREATE_CHANNEL, QUICKSTART_BODY);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("channel_id").asText();
    }

    private Channel stored(String channelId) {
        ChannelService channels = new ChannelService(jdbiOfServer());
        String ownerId = fixture.server().tokens().authenticate(token).orElseThrow();
        return channels.find(ownerId, channelId).orElseThrow();
    }

    private org.jdbi.v3.core.Jdbi jdbiOfServer() {
        if (jdbiDatabase == null) jdbiDatabase = Database.open(database(dataDir), dataDir, Schema.ALL);
        return jdbiDatabase.jdbi();
    }

    private Database jdbiDatabase;

    @AfterAll
    void closeInspector() {
        if (jdbiDatabase != null) jdbiDatabase.close();
    }

    // ---------------------------------------------------------------- CreateChannel

    @Test
    void createChannelReturnsSignalingAndUnguessablePlaylistUrl() {
        Response r = call(CREATE_CHANNEL, QUICKSTART_BODY);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        JsonNode body = r.json();
        assertThat(body.properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactlyInAnyOrder("channel_id", "sora_url", "playlist_url");
        String id = body.get("channel_id").asText();
        String host = "127.0.0.1:" + fixture.server().port();
        assertThat(id).matches("[0-9a-z]{26}");
        assertThat(body.get("sora_url").asText()).isEqualTo("ws://" + host + "/signaling");
        assertThat(body.get("playlist_url").asText())
                .matches("http://" + java.util.regex.Pattern.quote(host) + "/hls/" + id + "/[0-9a-z]{32}/index\\.m3u8");
    }

    @Test
    void createChannelStoresTheLadderAsRequested() {
        String id = createChannel();
        List<HlsRendition> hls = stored(id).spec().hls();
        assertThat(hls).containsExactly(
                new HlsRendition(1.0, -2.0, 1280, 720, 30, 2_000_000, null, 96_000, null),
                new HlsRendition(1.0, -2.0, 640, 360, 30, 500_000, null, 96_000, null));
    }

    static Stream<Arguments> audioBitrates() {
        return Stream.of(
                Arguments.of("64000", 64_000), Arguments.of("64001", 64_000), Arguments.of("55999", 48_000),
                Arguments.of("56000", 56_000), Arguments.of("31999", 32_000), Arguments.of("0", 32_000),
                Arguments.of("1000000", 320_000), Arguments.of("100000", 96_000), Arguments.of("null", 96_000));
    }

    @ParameterizedTest(name = "audio.bps {0} is stored as {1}")
    @MethodSource("audioBitrates")
    void audioBitrateIsSnappedDownToTheAllowedTable(String requested, int expected) {
        Response r = call(CREATE_CHANNEL, """
                {"hls":[{"durationSeconds":2,"video":{"width":640,"height":360,"fps":30,"bps":500000},
                         "audio":{"bps":%s}}]}""".formatted(requested));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(stored(r.json().get("channel_id").asText()).spec().hls().getFirst().audioBps()).isEqualTo(expected);
    }

    @Test
    void optionalFieldsAreStored() {
        Response r = call(CREATE_CHANNEL, """
                {"hls":[{"durationSeconds":0.5,"startTimeOffset":-1.5,
                         "video":{"width":36,"height":4096,"fps":60,"bps":1,"codec":"h264_main"},
                         "archive":{"archive_destination_id":""}}],
                 "auth_webhook_url":"https://example.com/auth",
                 "event_webhook_url":"http://example.com:8080/events?x=1",
                 "encrypt_key_uri":"https://keys.example.com/key"}""");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Channel c = stored(r.json().get("channel_id").asText());
        assertThat(c.spec().hls()).containsExactly(
                new HlsRendition(0.5, -1.5, 36, 4096, 60, 1, "h264_main", 96_000, null));
        assertThat(c.spec().authWebhookUrl()).isEqualTo("https://example.com/auth");
        assertThat(c.spec().eventWebhookUrl()).isEqualTo("http://example.com:8080/events?x=1");
        assertThat(c.spec().encryptKeyUri()).isEqualTo("https://keys.example.com/key");
    }

    @Test
    void anArchiveDestinationThatIsNotTheTokensIsNotFound() {
        for (String target : new String[] {CREATE_CHANNEL, "ImageFlux_20200316.CreateMultistreamChannelWithHLS"}) {
            Response r = call(target, """
                    {"hls":[{"durationSeconds":1,"video":{"width":640,"height":360,"fps":30,"bps":500000}},
                            {"durationSeconds":1,"video":{"width":320,"height":180,"fps":30,"bps":200000},
                             "archive":{"archive_destination_id":"no-such-destination"}}]}""");
            assertThat(r.status()).as(r.body()).isEqualTo(404);
            assertThat(r.json().at("/error/code").asText()).isEqualTo("ARCHIVE_DESTINATION_NOT_FOUND");
            assertThat(r.json().at("/error/message").asText()).contains("hls[1].archive.archive_destination_id",
                    "no-such-destination", "CreateArchiveDestination");
        }
    }

    @Test
    void emptyWebhookUrlsMeanNone() {
        Response r = call(CREATE_CHANNEL, """
                {"hls":[{"durationSeconds":1,"video":{"width":640,"height":360,"fps":30,"bps":500000}}],
                 "auth_webhook_url":"", "event_webhook_url":"", "archive":null}""");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Channel c = stored(r.json().get("channel_id").asText());
        assertThat(c.spec().authWebhookUrl()).isNull();
        assertThat(c.spec().eventWebhookUrl()).isNull();
    }

    /** A valid single-rendition body, changed by {@code edit}. */
    private static String edited(Consumer<ObjectNode> edit) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode entry = root.putArray("hls").addObject();
        entry.put("durationSeconds", 1).put("startTimeOffset", -2);
        entry.putObject("video").put("width", 640).put("height", 360).put("fps", 30).put("bps", 500000);
        entry.putObject("audio").put("bps", 96000);
        edit.accept(root);
        return root.toString();
    }

    private static ObjectNode entry(ObjectNode root) {
        return (ObjectNode) root.get("hls").get(0);
    }

    private static ObjectNode video(ObjectNode root) {
        return (ObjectNode) entry(root).get("video");
    }

    static Stream<Arguments> invalidCreateBodies() {
        List<Arguments> cases = new ArrayList<>();
        Object[][] table = {
                {"hls missing", (Consumer<ObjectNode>) r -> r.remove("hls"), "MISSING_PARAMETER", "hls is required"},
                {"hls not an array", (Consumer<ObjectNode>) r -> r.put("hls", "x"), "INVALID_PARAMETER", "hls must be an array"},
                {"hls empty", (Consumer<ObjectNode>) r -> r.putArray("hls"), "INVALID_PARAMETER", "at least one"},
                {"hls entry not an object", (Consumer<ObjectNode>) r -> ((ArrayNode) r.get("hls")).add(5), "INVALID_PARAMETER", "hls[1] must be an object"},
                {"too many renditions", (Consumer<ObjectNode>) r -> { for (int i = 0; i < 10; i++) ((ArrayNode) r.get("hls")).add(entry(r).deepCopy()); }, "INVALID_PARAMETER", "at most 10"},
                {"durationSeconds missing", (Consumer<ObjectNode>) r -> entry(r).remove("durationSeconds"), "MISSING_PARAMETER", "hls[0].durationSeconds is required"},
                {"durationSeconds 0", (Consumer<ObjectNode>) r -> entry(r).put("durationSeconds", 0), "INVALID_PARAMETER", "hls[0].durationSeconds must be greater than 0"},
                {"durationSeconds negative", (Consumer<ObjectNode>) r -> entry(r).put("durationSeconds", -1), "INVALID_PARAMETER", "hls[0].durationSeconds"},
                {"durationSeconds string", (Consumer<ObjectNode>) r -> entry(r).put("durationSeconds", "1"), "INVALID_PARAMETER", "hls[0].durationSeconds must be a number, not a string"},
                {"durationSeconds huge", (Consumer<ObjectNode>) r -> entry(r).put("durationSeconds", 3600), "INVALID_PARAMETER", "at most 60"},
                {"durationSeconds a frame long", (Consumer<ObjectNode>) r -> entry(r).put("durationSeconds", 0.033), "INVALID_PARAMETER", "hls[0].durationSeconds must be from 0.5 to 60 (got 0.033)"},
                {"startTimeOffset string", (Consumer<ObjectNode>) r -> entry(r).put("startTimeOffset", "-2"), "INVALID_PARAMETER", "hls[0].startTimeOffset must be a number"},
                {"video missing", (Consumer<ObjectNode>) r -> entry(r).remove("video"), "MISSING_PARAMETER", "hls[0].video is required"},
                {"video not object", (Consumer<ObjectNode>) r -> entry(r).put("video", true), "INVALID_PARAMETER", "hls[0].video must be an object, not a boolean"},
                {"width missing", (Consumer<ObjectNode>) r -> video(r).remove("width"), "MISSING_PARAMETER", "hls[0].video.width is required"},
                {"width 35", (Consumer<ObjectNode>) r -> video(r).put("width", 35), "INVALID_PARAMETER", "hls[0].video.width must be from 36 to 4096 (got 35)"},
                {"width 4097", (Consumer<ObjectNode>) r -> video(r).put("width", 4097), "INVALID_PARAMETER", "hls[0].video.width must be from 36 to 4096 (got 4097)"},
                {"width string", (Consumer<ObjectNode>) r -> video(r).put("width", "640"), "INVALID_PARAMETER", "hls[0].video.width must be an integer from 36 to 4096, not a string"},
                {"width fractional", (Consumer<ObjectNode>) r -> video(r).put("width", 640.5), "INVALID_PARAMETER", "hls[0].video.width must be an integer"},
                {"height 20", (Consumer<ObjectNode>) r -> video(r).put("height", 20), "INVALID_PARAMETER", "hls[0].video.height must be from 36 to 4096"},
                {"height missing", (Consumer<ObjectNode>) r -> video(r).remove("height"), "MISSING_PARAMETER", "hls[0].video.height is required"},
                {"fps 0", (Consumer<ObjectNode>) r -> video(r).put("fps", 0), "INVALID_PARAMETER", "hls[0].video.fps must be from 1 to 60"},
                {"fps 61", (Consumer<ObjectNode>) r -> video(r).put("fps", 61), "INVALID_PARAMETER", "hls[0].video.fps must be from 1 to 60"},
                {"fps missing", (Consumer<ObjectNode>) r -> video(r).remove("fps"), "MISSING_PARAMETER", "hls[0].video.fps is required"},
                {"bps 0", (Consumer<ObjectNode>) r -> video(r).put("bps", 0), "INVALID_PARAMETER", "hls[0].video.bps must be from 1 to 50000000 (got 0)"},
                {"bps beyond any encoder", (Consumer<ObjectNode>) r -> video(r).put("bps", Long.MAX_VALUE), "INVALID_PARAMETER", "hls[0].video.bps must be from 1 to 50000000"},
                {"bps missing", (Consumer<ObjectNode>) r -> video(r).remove("bps"), "MISSING_PARAMETER", "hls[0].video.bps is required"},
                {"bps array", (Consumer<ObjectNode>) r -> video(r).putArray("bps"), "INVALID_PARAMETER", "hls[0].video.bps must be an integer"},
                {"codec unknown", (Consumer<ObjectNode>) r -> video(r).put("codec", "vp8"), "INVALID_PARAMETER", "hls[0].video.codec must be one of h264_baseline, h264_high, h264_main"},
                {"codec number", (Consumer<ObjectNode>) r -> video(r).put("codec", 1), "INVALID_PARAMETER", "hls[0].video.codec must be a string"},
                {"audio not object", (Consumer<ObjectNode>) r -> entry(r).put("audio", 96000), "INVALID_PARAMETER", "hls[0].audio must be an object"},
                {"audio.bps string", (Consumer<ObjectNode>) r -> ((ObjectNode) entry(r).get("audio")).put("bps", "96000"), "INVALID_PARAMETER", "hls[0].audio.bps must be an integer"},
                {"archive not object", (Consumer<ObjectNode>) r -> entry(r).put("archive", "x"), "INVALID_PARAMETER", "hls[0].archive must be an object"},
                {"archive id number", (Consumer<ObjectNode>) r -> entry(r).putObject("archive").put("archive_destination_id", 7), "INVALID_PARAMETER", "hls[0].archive.archive_destination_id must be a string"},
                {"auth webhook ftp", (Consumer<ObjectNode>) r -> r.put("auth_webhook_url", "ftp://example.com/x"), "INVALID_PARAMETER", "auth_webhook_url must be an absolute http:// or https:// URL"},
                {"auth webhook relative", (Consumer<ObjectNode>) r -> r.put("auth_webhook_url", "/hook"), "INVALID_PARAMETER", "auth_webhook_url must be an absolute"},
                {"auth webhook number", (Consumer<ObjectNode>) r -> r.put("auth_webhook_url", 5), "INVALID_PARAMETER", "auth_webhook_url must be a string"},
                {"event webhook garbage", (Consumer<ObjectNode>) r -> r.put("event_webhook_url", "http://exa mple.com"), "INVALID_PARAMETER", "event_webhook_url must be an absolute"},
                {"auth webhook on loopback", (Consumer<ObjectNode>) r -> r.put("auth_webhook_url", "http://127.0.0.1:9/hook"), "INVALID_PARAMETER", "auth_webhook_url is not allowed: 127.0.0.1 is a private network address"},
                {"event webhook on the metadata address", (Consumer<ObjectNode>) r -> r.put("event_webhook_url", "http://169.254.169.254/latest"), "INVALID_PARAMETER", "event_webhook_url is not allowed: 169.254.169.254 is a private network address"},
                {"auth webhook on loopback by name", (Consumer<ObjectNode>) r -> r.put("auth_webhook_url", "http://localhost:9/hook"), "INVALID_PARAMETER", "auth_webhook_url is not allowed: localhost is a loopback name"},
                {"auth webhook on loopback through NAT64", (Consumer<ObjectNode>) r -> r.put("auth_webhook_url", "http://[64:ff9b::7f00:1]:9/hook"), "INVALID_PARAMETER", "auth_webhook_url is not allowed: 64:ff9b::7f00:1 is a private network address"},
                {"event webhook on the metadata address through 6to4", (Consumer<ObjectNode>) r -> r.put("event_webhook_url", "http://[2002:a9fe:a9fe::1]/latest"), "INVALID_PARAMETER", "event_webhook_url is not allowed"},
                {"event webhook on loopback through Teredo", (Consumer<ObjectNode>) r -> r.put("event_webhook_url", "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/e"), "INVALID_PARAMETER", "event_webhook_url is not allowed"},
                {"encrypt key uri http", (Consumer<ObjectNode>) r -> r.put("encrypt_key_uri", "http://keys.example.com"), "INVALID_PARAMETER", "encrypt_key_uri must be an absolute https:// URL"},
                {"ice transport policy unknown", (Consumer<ObjectNode>) r -> r.put("ice_transport_policy", "tcp"), "INVALID_PARAMETER", "ice_transport_policy must be one of all, relay (got \"tcp\")"},
                {"ice transport policy upper case", (Consumer<ObjectNode>) r -> r.put("ice_transport_policy", "RELAY"), "INVALID_PARAMETER", "ice_transport_policy must be one of all, relay"},
                {"ice transport policy boolean", (Consumer<ObjectNode>) r -> r.put("ice_transport_policy", true), "INVALID_PARAMETER", "ice_transport_policy must be a string"},
        };
        for (Object[] row : table) cases.add(Arguments.of(row));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidCreateBodies")
    void createChannelRejectsInvalidInput(String name, Consumer<ObjectNode> edit, String code, String message) {
        int before = listIds().size();
        Response r = call(CREATE_CHANNEL, edited(edit));
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo(code);
        assertThat(r.errorMessage()).contains(message);
        assertThat(listIds()).as("nothing is created by a rejected request").hasSize(before);
    }

    @Test
    void createChannelRejectsAWrongTopLevelType() {
        Response r = call(CREATE_CHANNEL, "[1,2]");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("INVALID_JSON");
        assertThat(r.errorMessage()).contains("must be a JSON object");
    }

    @Test
    void aChannelsIceTransportPolicyIsStoredAndEchoed() {
        String[][] requests = {
                {CREATE_CHANNEL, QUICKSTART_BODY.replace("\"hls\"", "\"ice_transport_policy\": \"relay\", \"hls\"")},
                {CREATE_MULTISTREAM_CHANNEL, "{\"ice_transport_policy\": \"relay\"}"},
                {CREATE_MULTISTREAM_CHANNEL_WITH_HLS, QUICKSTART_BODY.replace("\"hls\"", "\"ice_transport_policy\": \"all\", \"hls\"")}};
        for (String[] request : requests) {
            Response r = call(request[0], request[1]);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            String expected = request[1].contains("relay") ? "relay" : "all";
            assertThat(r.json().get("ice_transport_policy").asText()).as(request[0]).isEqualTo(expected);
            assertThat(stored(r.json().get("channel_id").asText()).spec().iceTransportPolicy()).isEqualTo(expected);
        }
        Response unset = call(CREATE_MULTISTREAM_CHANNEL, "{\"ice_transport_policy\": null}");
        assertThat(unset.json().has("ice_transport_policy")).as("absent: the server's policy applies").isFalse();
        assertThat(stored(unset.json().get("channel_id").asText()).spec().iceTransportPolicy()).isNull();
    }

    // ---------------------------------------------------------------- multistream

    @Test
    void createMultistreamChannelReturnsIdAndSoraUrlOnly() {
        Response r = call(CREATE_MULTISTREAM_CHANNEL, """
                {"auth_webhook_url":"https://example.com/auth","event_webhook_url":"","environment":2}""");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactlyInAnyOrder("channel_id", "sora_url");
        Channel c = stored(r.json().get("channel_id").asText());
        assertThat(c.spec().hls()).isEmpty();
        assertThat(c.spec().environment()).isEqualTo(2);
        assertThat(c.playlistKey()).isNull();
        assertThat(call(CREATE_MULTISTREAM_CHANNEL, "{}").status()).isEqualTo(200);
        assertThat(call(CREATE_MULTISTREAM_CHANNEL, "").status()).as("an empty body is {}").isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"environment\":\"prod\"}", "{\"environment\":1.5}", "{\"environment\":-1}",
            "{\"auth_webhook_url\":\"mailto:x@example.com\"}", "{\"event_webhook_url\":[]}",
            "{\"ice_transport_policy\":\"none\"}", "{\"ice_transport_policy\":\"\"}"})
    void createMultistreamChannelRejectsInvalidInput(String body) {
        Response r = call(CREATE_MULTISTREAM_CHANNEL, body);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("INVALID_PARAMETER");
    }

    @Test
    void createMultistreamChannelWithHlsNeedsALadder() {
        Response ok = call(CREATE_MULTISTREAM_CHANNEL_WITH_HLS, QUICKSTART_BODY.replace("\"hls\"", "\"environment\": 1, \"hls\""));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactlyInAnyOrder("channel_id", "sora_url");
        Channel c = stored(ok.json().get("channel_id").asText());
        assertThat(c.spec().hls()).hasSize(2);
        assertThat(c.spec().environment()).isEqualTo(1);

        Response missing = call(CREATE_MULTISTREAM_CHANNEL_WITH_HLS, "{}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.errorCode()).isEqualTo("MISSING_PARAMETER");
        Response bad = call(CREATE_MULTISTREAM_CHANNEL_WITH_HLS, edited(r -> video(r).put("fps", 100)));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errorMessage()).contains("hls[0].video.fps");
    }

    // ---------------------------------------------------------------- list / delete / playlists

    private List<String> listIds() {
        Response r = call(LIST_CHANNEL_IDS, "{}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        r.json().get("channel_ids").forEach(n -> ids.add(n.asText()));
        return ids;
    }

    @Test
    void listChannelIdsShowsOnlyLiveChannelsOfThisToken() {
        assertThat(listIds()).isEmpty();
        String a = createChannel();
        String b = call(CREATE_MULTISTREAM_CHANNEL, "{}").json().get("channel_id").asText();
        assertThat(listIds()).containsExactly(a, b);
        assertThat(call(DELETE_CHANNEL, "{\"channel_id\":\"" + a + "\"}").status()).isEqualTo(200);
        assertThat(listIds()).containsExactly(b);
    }

    @Test
    void deleteChannelIsFinal() {
        String id = createChannel();
        Response r = call(DELETE_CHANNEL, "{ \"channel_id\": \"" + id + "\" }");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("channel_id").asText()).isEqualTo(id);

        Response again = call(DELETE_CHANNEL, "{\"channel_id\":\"" + id + "\"}");
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.errorCode()).isEqualTo("CHANNEL_NOT_FOUND");
        assertThat(call(LIST_PLAYLIST_URLS, "{\"channel_id\":\"" + id + "\"}").status()).isEqualTo(404);
        assertThat(listIds()).doesNotContain(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"channel_id\":\"\"}", "{\"channel_id\":42}", "{\"channel_id\":null}"})
    void deleteChannelNeedsAChannelId(String body) {
        Response r = call(DELETE_CHANNEL, body);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.errorCode()).isIn("MISSING_PARAMETER", "INVALID_PARAMETER");
        assertThat(r.errorMessage()).contains("channel_id");
    }

    @Test
    void listPlaylistUrlsIsEmptyUntilHlsRuns() {
        String id = createChannel();
        Response r = call(LIST_PLAYLIST_URLS, "{\"channel_id\":\"" + id + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("channel_id").asText()).isEqualTo(id);
        assertThat(r.json().get("hls").isArray()).isTrue();
        assertThat(r.json().get("hls")).isEmpty();
        assertThat(call(LIST_PLAYLIST_URLS, "{}").errorCode()).isEqualTo("MISSING_PARAMETER");
        assertThat(call(LIST_PLAYLIST_URLS, "{\"channel_id\":\"nope\"}").errorCode()).isEqualTo("CHANNEL_NOT_FOUND");
    }

    // ---------------------------------------------------------------- GetEncryptKey

    @Test
    void getEncryptKeyReturnsTheOwnersKeyAsHex() {
        String id = createChannel();
        String ownerId = fixture.server().tokens().authenticate(token).orElseThrow();
        // the server's own key store: its database and its server key (the key file in the data directory)
        var issued = new dev.hibiki.live.hls.EncryptKeyStore(jdbiOfServer(),
                dev.hibiki.platform.persistence.SecretBox.load("", dataDir)).issue(ownerId, id);

        Response r = call(ImageFluxEncryptKeyApi.GET_ENCRYPT_KEY, "{\"kid\":\"" + issued.kid() + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("encrypt_key").asText()).isEqualTo(java.util.HexFormat.of().formatHex(issued.key()))
                .matches("[0-9a-f]{32}");
        assertThat(r.json().size()).isEqualTo(1);

        Response unknown = call(ImageFluxEncryptKeyApi.GET_ENCRYPT_KEY, "{\"kid\":\"nope\"}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo("NOT_FOUND");
        String otherToken = fixture.newToken("other");
        Response foreign = api.call(ImageFluxEncryptKeyApi.GET_ENCRYPT_KEY, otherToken, "{\"kid\":\"" + issued.kid() + "\"}");
        assertThat(foreign.status()).as("another token's key looks unknown").isEqualTo(404);
        assertThat(foreign.errorCode()).isEqualTo("NOT_FOUND");
        assertThat(foreign.errorMessage()).doesNotContain(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"kid\":\"\"}", "{\"kid\":5}", "{\"kid\":null}"})
    void getEncryptKeyNeedsAKid(String body) {
        Response r = call(ImageFluxEncryptKeyApi.GET_ENCRYPT_KEY, body);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.errorCode()).isIn("MISSING_PARAMETER", "INVALID_PARAMETER");
        assertThat(r.errorMessage()).contains("kid");
    }

    // ---------------------------------------------------------------- tenants and tokens

    @Test
    void anotherTokensChannelLooksExactlyLikeAnUnknownOne() {
        String mine = createChannel();
        String other = fixture.newToken("other tenant");

        assertThat(api.call(LIST_CHANNEL_IDS, other, "{}").json().get("channel_ids")).isEmpty();
        for (String target : List.of(DELETE_CHANNEL, LIST_PLAYLIST_URLS)) {
            Response foreign = api.call(target, other, "{\"channel_id\":\"" + mine + "\"}");
            Response unknown = api.call(target, other, "{\"channel_id\":\"" + mine.replace(mine.charAt(0), mine.charAt(0) == 'a' ? 'b' : 'a') + "\"}");
            assertThat(foreign.status()).isEqualTo(404).isEqualTo(unknown.status());
            assertThat(foreign.errorCode()).isEqualTo("CHANNEL_NOT_FOUND").isEqualTo(unknown.errorCode());
        }
        assertThat(listIds()).containsExactly(mine);
    }

    @Test
    void requestsWithoutAValidTokenAreRejected() {
        Response none = api.call(LIST_CHANNEL_IDS, null, "{}");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.errorCode()).isEqualTo("MISSING_TOKEN");
        assertThat(none.header("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));

        Response basic = api.send(api.request("/").header("X-Sora-Target", LIST_CHANNEL_IDS)
                .header("Authorization", "Basic dXNlcjpwYXNz").POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(basic.status()).isEqualTo(401);
        assertThat(basic.errorCode()).isEqualTo("MISSING_TOKEN");

        Response wrong = api.call(LIST_CHANNEL_IDS, token + "x", "{}");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.errorCode()).isEqualTo("INVALID_TOKEN");

        Response unauthenticatedCreate = api.call(CREATE_CHANNEL, "hbk_forged", QUICKSTART_BODY);
        assertThat(unauthenticatedCreate.status()).isEqualTo(401);
    }

    @Test
    void aRevokedTokenStopsWorkingAtOnce() {
        String id = createChannel();
        String tokenId = fixture.server().tokens().authenticate(token).orElseThrow();
        assertThat(fixture.server().tokens().revoke(tokenId)).isTrue();

        Response r = call(DELETE_CHANNEL, "{\"channel_id\":\"" + id + "\"}");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.errorCode()).isEqualTo("INVALID_TOKEN");
        assertThat(call(CREATE_CHANNEL, QUICKSTART_BODY).status()).isEqualTo(401);
    }

    // ---------------------------------------------------------------- the HTTP envelope

    @Test
    void targetHeaderNameIsCaseInsensitiveAndItsValueIsChecked() {
        Response lower = api.send(api.request("/").header("x-sora-target", LIST_CHANNEL_IDS)
                .header("authorization", "bearer " + token).header("content-type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(lower.status()).as(lower.body()).isEqualTo(200);

        Response unknown = call("ImageFlux_20990101.Nope", "{}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.errorCode()).isEqualTo("UNKNOWN_TARGET");
        assertThat(unknown.errorMessage()).contains(CREATE_CHANNEL, CREATE_MULTISTREAM_CHANNEL,
                CREATE_MULTISTREAM_CHANNEL_WITH_HLS, DELETE_CHANNEL, LIST_CHANNEL_IDS, LIST_PLAYLIST_URLS);

        Response missing = call(null, "{}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.errorCode()).isEqualTo("MISSING_TARGET");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"hls\": [}", "not json", "{\"a\":1} trailing", "{\"a\":1,\"a\":2}", "\u0000"})
    void malformedJsonIsA400(String body) {
        Response r = call(CREATE_CHANNEL, body);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("INVALID_JSON");
        assertThat(r.errorMessage()).startsWith("request body is not valid JSON").doesNotContain("REDACTED");
    }

    @Test
    void bodiesOverOneMebibyteAreA413() {
        String big = "{\"pad\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        Response declared = call(CREATE_CHANNEL, big);
        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.errorCode()).isEqualTo("PAYLOAD_TOO_LARGE");

        // Without Content-Length (chunked), the limit applies while reading.
        Response chunked = api.send(api.request("/").header("X-Sora-Target", CREATE_CHANNEL)
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes()))).build());
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(chunked.errorCode()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(listIds()).isEmpty();
    }

    @Test
    void aJsonBodyIsReadWhateverTypeItDeclares() {
        // curl -d without -H "Content-Type: …" declares a form; the body is still the JSON the user meant.
        for (String declared : new String[]{"application/x-www-form-urlencoded", "text/plain", null}) {
            HttpRequest.Builder b = api.request("/").header("X-Sora-Target", CREATE_CHANNEL)
                    .header("Authorization", "Bearer " + token);
            if (declared != null) b.header("Content-Type", declared);
            Response r = api.send(b.POST(HttpRequest.BodyPublishers.ofString(
                    "{\"hls\":[{\"durationSeconds\":1,\"video\":{\"width\":640,\"height\":360,\"fps\":30,\"bps\":500000}}]}")).build());
            assertThat(r.status()).as(declared + ": " + r.body()).isEqualTo(200);
            assertThat(r.json().path("channel_id").asText()).isNotEmpty();
        }
        // ... and its validation errors are the real ones, not a complaint about the declared type.
        Response invalid = api.send(api.request("/").header("X-Sora-Target", CREATE_CHANNEL)
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("{\"hls\":[{\"durationSeconds\":1,\"video\":{\"width\":20}}]}")).build());
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.errorMessage()).contains("width");
    }

    @Test
    void nonJsonBodiesAreA400ThatSaysToSendJson() {
        Response r = api.send(api.request("/").header("X-Sora-Target", CREATE_CHANNEL)
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("hls=1")).build());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("INVALID_JSON");
        assertThat(r.errorMessage()).contains("one JSON object").contains("application/x-www-form-urlencoded");
        assertThat(listIds()).isEmpty();
    }

    @Test
    void wrongMethodAndUnknownPathsGetJsonErrors() {
        Response get = api.send(api.request("/").GET().build());
        assertThat(get.status()).isEqualTo(405);
        assertThat(get.errorCode()).isEqualTo("METHOD_NOT_ALLOWED");
        assertThat(get.header("Allow")).contains("POST, OPTIONS");

        Response put = api.send(api.request("/health").PUT(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(put.status()).isEqualTo(405);
        assertThat(put.errorCode()).isEqualTo("METHOD_NOT_ALLOWED");

        Response missing = api.send(api.request("/nowhere").GET().build());
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo("NOT_FOUND");
    }

    @Test
    void healthAndMetrics() {
        Response health = api.send(api.request("/health").GET().build());
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("ok");

        createChannel();
        Response metrics = api.send(api.request("/metrics").GET().build());
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes", "process_uptime_seconds",
                        "hibiki_webrtc_connections", "hibiki_rtp_forwarded_total", "hibiki_srtp_dropped_total")
                .containsPattern("http_server_requests_seconds_count\\{method=\"POST\",status=\"200\",uri=\"/\"} [1-9]");
    }

    @Test
    void everyResponseCarriesARequestId() {
        Response r = call(LIST_CHANNEL_IDS, "{}");
        assertThat(r.header("X-Request-Id")).hasValueSatisfying(id -> assertThat(id).matches("[0-9a-f]+"));
    }

    // ---------------------------------------------------------------- persistence

    @Test
    void channelsAndTokensSurviveARestart() {
        String a = createChannel();
        String b = call(CREATE_MULTISTREAM_CHANNEL, "{\"environment\":3}").json().get("channel_id").asText();
        String deleted = createChannel();
        call(DELETE_CHANNEL, "{\"channel_id\":\"" + deleted + "\"}");
        Channel before = stored(a);

        fixture.restart();
        api = new ApiClient(fixture.baseUri());

        assertThat(listIds()).containsExactly(a, b);
        assertThat(stored(a)).isEqualTo(before);
        assertThat(call(DELETE_CHANNEL, "{\"channel_id\":\"" + deleted + "\"}").status()).isEqualTo(404);
    }
}
