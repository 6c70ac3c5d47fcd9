package dev.hibiki.option;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.hibiki.option.OptionServer.errorCode;
import static dev.hibiki.option.OptionServer.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /api/delivery and /api/view: one channel per schedule, made on first need within the window (15 minutes
 * before the start until the end), and deleted by the sweep once the schedule has ended.
 */
class OptionDeliveryTest extends OptionApiTest {

    private HttpResponse<String> get(String path, String scheduleId, String bearer) {
        return server.request("GET", path + "?schedule_id=" + scheduleId, bearer, null);
    }

    @Test
    void deliveryAndViewShareOneChannelMadeOnFirstNeed() {
        OptionServer.Master m = server.newSystem();
        String id = server.newSchedule(m, 0, 60);
        HttpResponse<String> delivery = get("/api/delivery", id, m.bearer());
        assertThat(delivery.statusCode()).as(delivery.body()).isEqualTo(200);
        JsonNode d = json(delivery);
        assertThat(d.get("ok").asBoolean()).isTrue();
        String channelId = d.get("channel_id").asText();
        assertThat(d.get("sora_url").asText()).isEqualTo(server.base().replace("http:", "ws:") + "/signaling");
        assertThat(server.channels().findLive(channelId)).isPresent();
        assertThat(server.channels().findLive(channelId).get().spec().hls()).hasSize(1);

        HttpResponse<String> view = get("/api/view", id, m.bearer());
        assertThat(view.statusCode()).as(view.body()).isEqualTo(200);
        assertThat(json(view).get("playlist_url").asText())
                .startsWith(server.base() + "/hls/" + channelId + "/").endsWith("/index.m3u8");
        assertThat(json(get("/api/delivery", id, m.bearer())).get("channel_id").asText()).isEqualTo(channelId);
        // The body may carry the field too, as the document's curl example does.
        HttpResponse<String> inBody = server.request("GET", "/api/delivery", m.bearer(), "{\"schedule_id\":\"" + id + "\"}");
        assertThat(json(inBody).get("channel_id").asText()).isEqualTo(channelId);
    }

    @Test
    void concurrentFirstRequestsEndWithOneChannel() throws Exception {
        OptionServer.Master m = server.newSystem();
        String id = server.newSchedule(m, 0, 60);
        List<java.util.concurrent.Future<String>> ids = new java.util.ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(6)) {
            for (int i = 0; i < 6; i++) {
                ids.add(pool.submit(() -> json(get("/api/delivery", id, m.bearer())).get("channel_id").asText()));
            }
        }
        java.util.Set<String> distinct = new java.util.HashSet<>();
        for (var f : ids) distinct.add(f.get());
        assertThat(distinct).hasSize(1);
        assertThat(server.channels().findLive(distinct.iterator().next())).isPresent();
    }

    @Test
    void theWindowOpensTheLeadTimeBeforeTheStartAndClosesAtTheEnd() {
        OptionServer.Master m = server.newSystem();
        String id = server.newSchedule(m, 30, 90);
        HttpResponse<String> early = get("/api/delivery", id, m.bearer());
        assertThat(early.statusCode()).isEqualTo(409);
        assertThat(errorCode(early)).isEqualTo("CONFLICT");
        JsonNode schedule = json(server.request("GET", "/api/schedule", m.bearer(), null)).get(0);
        java.time.LocalDateTime start = java.time.LocalDateTime.parse(schedule.get("start_datetime").asText());
        java.time.LocalDateTime end = java.time.LocalDateTime.parse(schedule.get("end_datetime").asText());
        assertThat(json(early).get("error").get("message").asText())
                .contains("available from " + OptionTimes.PLAIN.format(start.minusMinutes(15)))
                .contains(" to " + OptionTimes.PLAIN.format(end)).contains("Asia/Tokyo");
        assertThat(get("/api/view", id, m.bearer()).statusCode()).isEqualTo(409);

        server.clock.advance(Duration.ofMinutes(16));
        try {
            assertThat(get("/api/view", id, m.bearer()).statusCode()).isEqualTo(200);
            server.clock.advance(Duration.ofMinutes(75));
            HttpResponse<String> late = get("/api/delivery", id, m.bearer());
            assertThat(late.statusCode()).isEqualTo(409);
            assertThat(json(late).get("error").get("message").asText()).contains("has ended");
        } finally {
            server.clock.advance(Duration.ofMinutes(-91));
        }
    }

    @Test
    void theChannelIsDeletedAfterTheEndAndNeverHandedOutAgain() {
        OptionServer.Master m = server.newSystem();
        String id = server.newSchedule(m, 0, 10);
        String channelId = json(get("/api/delivery", id, m.bearer())).get("channel_id").asText();
        assertThat(server.option.sweepEndedChannels()).isZero();
        assertThat(server.channels().findLive(channelId)).isPresent();

        server.clock.advance(Duration.ofMinutes(10));
        try {
            assertThat(server.option.sweepEndedChannels()).isEqualTo(1);
            assertThat(server.channels().findLive(channelId)).isEmpty();
            assertThat(server.deletedChannels).contains(channelId);
            assertThat(server.option.sweepEndedChannels()).isZero();
            // Moving the end later does not bring the channel back.
            assertThat(server.request("PATCH", "/api/schedule", m.bearer(), "{\"schedule_id\":\"" + id
                    + "\",\"end_datetime\":\"" + server.localIn(60) + "\"}").statusCode()).isEqualTo(200);
            HttpResponse<String> again = get("/api/delivery", id, m.bearer());
            assertThat(again.statusCode()).isEqualTo(409);
            assertThat(json(again).get("error").get("message").asText()).contains("deleted");
        } finally {
            server.clock.advance(Duration.ofMinutes(-10));
        }
    }

    @Test
    void theSweepClosesTheEndedChannelsConnections() throws Exception {
        OptionServer.Master m = server.newSystem();
        String id = server.newSchedule(m, 0, 10);
        JsonNode delivery = json(get("/api/delivery", id, m.bearer()));
        java.util.concurrent.CompletableFuture<String> offer = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<Integer> closed = new java.util.concurrent.CompletableFuture<>();
        java.net.http.WebSocket viewer = server.http().newWebSocketBuilder()
                .buildAsync(java.net.URI.create(delivery.get("sora_url").asText()), new java.net.http.WebSocket.Listener() {
                    @Override
                    public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data,
                                                                           boolean last) {
                        if (data.toString().contains("\"offer\"")) offer.complete(data.toString());
                        ws.request(1);
                        return null;
                    }

                    @Override
                    public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket ws, int status,
                                                                            String reason) {
                        closed.complete(status);
                        return null;
                    }
                }).get(10, java.util.concurrent.TimeUnit.SECONDS);
        try {
            viewer.sendText("{\"type\":\"connect\",\"role\":\"recvonly\",\"channel_id\":\""
                    + delivery.get("channel_id").asText() + "\"}", true).join();
            offer.get(10, java.util.concurrent.TimeUnit.SECONDS);
            server.clock.advance(Duration.ofMinutes(10));
            try {
                assertThat(server.option.sweepEndedChannels()).isEqualTo(1);
            } finally {
                server.clock.advance(Duration.ofMinutes(-10));
            }
            assertThat(closed.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1000);
        } finally {
            viewer.abort();
        }
    }

    @Test
    void deletingAScheduleWithinItsLeadTimeDeletesItsChannel() {
        OptionServer.Master m = server.newSystem();
        String id = server.newSchedule(m, 10, 60);
        String channelId = json(get("/api/view", id, m.bearer())).get("playlist_url").asText().split("/")[4];
        assertThat(server.channels().findLive(channelId)).isPresent();
        assertThat(server.request("DELETE", "/api/schedule?schedule_id=" + id, m.bearer(), null).statusCode()).isEqualTo(200);
        assertThat(server.channels().findLive(channelId)).isEmpty();
        assertThat(server.deletedChannels).contains(channelId);
    }

    @Test
    void theLadderCannotChangeOnceTheChannelExists() {
        OptionServer.Master m = server.newSystem();
        String id = server.newSchedule(m, 0, 60);
        String before = "{\"schedule_id\":\"" + id + "\",\"imageflux_params\":" + OptionServer.LADDER.replace("640", "320") + "}";
        String planned = server.newSchedule(m, 120, 180);
        assertThat(server.request("PATCH", "/api/schedule", m.bearer(), before.replace(id, planned)).statusCode())
                .isEqualTo(200);
        get("/api/delivery", id, m.bearer());
        HttpResponse<String> r = server.request("PATCH", "/api/schedule", m.bearer(), before);
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(json(r).get("error").get("message").asText()).contains("imageflux_params");
    }

    @Test
    void theAudienceCountsThePlayersOfTheSchedulesHlsOutput() throws Exception {
        OptionServer.Master m = server.newSystem();
        String id = server.newSchedule(m, 0, 60);
        JsonNode none = json(get("/api/audience", id, m.bearer()));
        assertThat(none.get("ok").asBoolean()).isTrue();
        assertThat(none.get("total").asInt()).as("no channel yet").isZero();

        String playlist = json(get("/api/view", id, m.bearer())).get("playlist_url").asText();
        // The output as the transcoder writes it (no sender here): what the players read.
        String path = java.net.URI.create(playlist).getPath().substring("/hls/".length());
        java.nio.file.Path file = dataDir.resolve("hls").resolve(path);
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.writeString(file, "#EXTM3U\n#EXT-X-VERSION:3\n");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (String agent : List.of("player-a", "player-b", "player-a")) {
            HttpResponse<String> read = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(playlist))
                    .header("User-Agent", agent).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(read.statusCode()).isEqualTo(200);
        }
        JsonNode two = json(get("/api/audience", id, m.bearer()));
        assertThat(two.get("hls").asInt()).isEqualTo(2);
        assertThat(two.get("webrtc").asInt()).isZero();
        assertThat(two.get("total").asInt()).isEqualTo(2);

        Map.Entry<String, Long> viewer = server.newUser(m, "view");
        assertThat(get("/api/audience", id, viewer.getKey()).statusCode()).isEqualTo(403);
        assertThat(get("/api/audience", "no-such-schedule", m.bearer()).statusCode()).isEqualTo(404);
    }

    @Test
    void deliveryNeedsTheDeliveryPermissionAndViewTheViewPermission() {
        OptionServer.Master m = server.newSystem();
        String id = server.newSchedule(m, 0, 60);
        Map.Entry<String, Long> deliverer = server.newUser(m, "delivery");
        Map.Entry<String, Long> viewer = server.newUser(m, "view");
        Map.Entry<String, Long> neither = server.newUser(m, "schedule", "user");
        assertThat(get("/api/delivery", id, deliverer.getKey()).statusCode()).isEqualTo(200);
        assertThat(get("/api/view", id, viewer.getKey()).statusCode()).isEqualTo(200);
        for (HttpResponse<String> r : List.of(get("/api/view", id, deliverer.getKey()),
                get("/api/delivery", id, viewer.getKey()), get("/api/delivery", id, neither.getKey()),
                get("/api/view", id, neither.getKey()))) {
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(errorCode(r)).isEqualTo("PERMISSION_DENIED");
        }
        HttpResponse<String> missing = server.request("GET", "/api/delivery", m.bearer(), null);
        assertThat(errorCode(missing)).isEqualTo("MISSING_PARAMETER");
        HttpResponse<String> unknown = get("/api/view", "no-such-schedule", m.bearer());
        assertThat(unknown.statusCode()).isEqualTo(404);
    }
}
