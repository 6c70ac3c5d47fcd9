package dev.hibiki.option;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.hibiki.option.OptionServer.errorCode;
import static dev.hibiki.option.OptionServer.json;
import static org.assertj.core.api.Assertions.assertThat;

/** /api/chat: posting, reading oldest first with since/limit, the rules, permissions, and the live stream. */
class OptionChatTest extends OptionApiTest {

    private HttpResponse<String> post(String bearer, String scheduleId, String body) {
        return server.request("POST", "/api/chat", bearer, "{\"schedule_id\":\"" + scheduleId + "\",\"body\":"
                + OptionServer.quote(body) + "}");
    }

    private JsonNode chats(String bearer, String query) {
        HttpResponse<String> r = server.request("GET", "/api/chat" + query, bearer, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("ok").asBoolean()).isTrue();
        return json(r).get("chats");
    }

    @Test
    void messagesAreReadOldestFirstAndPagedWithSinceAndLimit() {
        OptionServer.Master m = server.newSystem();
        String id = server.newSchedule(m, 0, 60);
        Map.Entry<String, Long> viewer = server.newUser(m, "view");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = post(i % 2 == 0 ? m.bearer() : viewer.getKey(), id, "message " + i);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            ids.add(json(r).get("chat_id").asLong());
        }
        assertThat(ids).isSorted();
        JsonNode all = chats(viewer.getKey(), "?schedule_id=" + id);
        assertThat(all).hasSize(5);
        assertThat(all.get(0).get("body").asText()).isEqualTo("message 0");
        assertThat(all.get(0).get("user_name").asText()).startsWith("master ");
        assertThat(all.get(1).get("user_name").asText()).startsWith("user ");
        assertThat(all.get(0).get("chat_id").asLong()).isEqualTo(ids.get(0));
        assertThat(all.get(0).get("created_datetime").asText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");

        JsonNode page = chats(viewer.getKey(), "?schedule_id=" + id + "&since=" + ids.get(1) + "&limit=2");
        assertThat(page).hasSize(2);
        assertThat(page.get(0).get("chat_id").asLong()).isEqualTo(ids.get(2));
        assertThat(page.get(1).get("chat_id").asLong()).isEqualTo(ids.get(3));
        assertThat(chats(viewer.getKey(), "?schedule_id=" + id + "&since=" + ids.get(4))).isEmpty();

        HttpResponse<String> badLimit = server.request("GET", "/api/chat?schedule_id=" + id + "&limit=0", m.bearer(), null);
        assertThat(errorCode(badLimit)).isEqualTo("INVALID_PARAMETER");
        HttpResponse<String> badSince = server.request("GET", "/api/chat?schedule_id=" + id + "&since=x", m.bearer(), null);
        assertThat(errorCode(badSince)).isEqualTo("INVALID_PARAMETER");
    }

    @Test
    void aMessageIsOneToFiftyCharacters() {
        OptionServer.Master m = server.newSystem();
        String id = server.newSchedule(m, 0, 60);
        assertThat(post(m.bearer(), id, "あ".repeat(50)).statusCode()).isEqualTo(200);
        for (String body : List.of("", "   ", "あ".repeat(51))) {
            HttpResponse<String> r = post(m.bearer(), id, body);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(json(r).get("error").get("message").asText()).startsWith("body");
        }
        HttpResponse<String> missing = server.request("POST", "/api/chat", m.bearer(), "{\"schedule_id\":\"" + id + "\"}");
        assertThat(errorCode(missing)).isEqualTo("MISSING_PARAMETER");
    }

    @Test
    void chatNeedsTheDeliveryOrTheViewPermission() {
        OptionServer.Master m = server.newSystem();
        String id = server.newSchedule(m, 0, 60);
        Map.Entry<String, Long> deliverer = server.newUser(m, "delivery");
        Map.Entry<String, Long> neither = server.newUser(m, "schedule", "user");
        assertThat(post(deliverer.getKey(), id, "hi").statusCode()).isEqualTo(200);
        for (HttpResponse<String> r : List.of(post(neither.getKey(), id, "hi"),
                server.request("GET", "/api/chat?schedule_id=" + id, neither.getKey(), null))) {
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(errorCode(r)).isEqualTo("PERMISSION_DENIED");
        }
    }

    @Test
    void aMessageKeepsItsAuthorsNameAfterTheAuthorIsDeleted() {
        OptionServer.Master m = server.newSystem();
        String id = server.newSchedule(m, 0, 60);
        Map.Entry<String, Long> viewer = server.newUser(m, "view");
        post(viewer.getKey(), id, "bye");
        server.request("DELETE", "/api/user?user_id=" + viewer.getValue(), m.bearer(), null);
        assertThat(chats(m.bearer(), "?schedule_id=" + id).get(0).get("user_name").asText()).startsWith("user ");
    }

    @Test
    void newMessagesArePushedToOpenStreamsOfTheirScheduleOnly() throws Exception {
        OptionServer.Master m = server.newSystem();
        String id = server.newSchedule(m, 0, 60);
        String otherSchedule = server.newSchedule(m, 120, 180);
        long before = json(post(m.bearer(), id, "before")).get("chat_id").asLong();
        Map.Entry<String, Long> viewer = server.newUser(m, "view");
        String token = viewer.getKey().substring("Bearer ".length());
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        // EventSource cannot send headers: the token comes in the query.
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.base() + "/api/chat/stream?schedule_id=" + id
                + "&token=" + token + "&since=" + (before - 1))).GET().build();
        CompletableFuture<HttpResponse<Stream<String>>> response =
                server.http().sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> open = response.get(10, TimeUnit.SECONDS);
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        Thread reader = Thread.ofVirtual().start(() -> open.body().forEach(lines::add));
        try {
            assertThat(nextData(lines)).contains("\"body\":\"before\"");
            assertThat(lines.poll(5, TimeUnit.SECONDS)).isEmpty();
            assertThat(lines.poll(5, TimeUnit.SECONDS)).isEqualTo(": connected");
            post(m.bearer(), otherSchedule, "elsewhere");
            long pushed = json(post(m.bearer(), id, "こんにちは")).get("chat_id").asLong();
            String data = nextData(lines);
            assertThat(data).contains("\"body\":\"こんにちは\"").contains("\"chat_id\":" + pushed)
                    .doesNotContain("elsewhere");
        } finally {
            reader.interrupt();
            open.body().close();
        }
    }

    /** The next event's data line, after checking its id and event lines. */
    private static String nextData(BlockingQueue<String> lines) throws InterruptedException {
        while (true) {
            String line = lines.poll(10, TimeUnit.SECONDS);
            assertThat(line).as("an event within 10 s").isNotNull();
            if (line.startsWith("data: ")) return line.substring(6);
        }
    }

    @Test
    void aStreamWithoutAValidTokenOrPermissionIsRefusedAsJson() {
        OptionServer.Master m = server.newSystem();
        String id = server.newSchedule(m, 0, 60);
        HttpResponse<String> none = server.request("GET", "/api/chat/stream?schedule_id=" + id, null, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(errorCode(none)).isEqualTo("MISSING_TOKEN");
        HttpResponse<String> wrong = server.request("GET", "/api/chat/stream?schedule_id=" + id + "&token=wrong", null, null);
        assertThat(errorCode(wrong)).isEqualTo("INVALID_TOKEN");
        Map.Entry<String, Long> neither = server.newUser(m, "schedule");
        HttpResponse<String> forbidden = server.request("GET", "/api/chat/stream?schedule_id=" + id, neither.getKey(), null);
        assertThat(forbidden.statusCode()).isEqualTo(403);
    }
}
