package dev.hibiki.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A minimal client of Hibiki's {@code POST /} + {@code X-Sora-Target} API, with bounded timeouts. */
final class ApiClient {

    static final ObjectMapper JSON = new ObjectMapper();

    static final String CREATE_CHANNEL = "ImageFlux_20180905.CreateChannel";
    static final String DELETE_CHANNEL = "ImageFlux_20180501.DeleteChannel";
    static final String LIST_CHANNEL_IDS = "ImageFlux_20200729.ListChannelIDs";

    /** The quickstart's two-rendition HLS ladder. */
    static final String TWO_RENDITIONS = "{\"hls\":["
            + "{\"durationSeconds\":1,\"startTimeOffset\":-2,"
            + "\"video\":{\"width\":1280,\"height\":720,\"fps\":30,\"bps\":2000000},\"audio\":{\"bps\":96000}},"
            + "{\"durationSeconds\":1,\"startTimeOffset\":-2,"
            + "\"video\":{\"width\":640,\"height\":360,\"fps\":30,\"bps\":500000},\"audio\":{\"bps\":96000}}"
            + "]}";

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    record Response(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("response is not JSON: " + body, e);
            }
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private final String baseUrl;

    ApiClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    Response call(String token, String target, String jsonBody) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + "/"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .header("X-Sora-Target", target)
                .POST(jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (token != null) b.header("Authorization", "Bearer " + token);
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body());
    }

    /** CreateChannel with {@link #TWO_RENDITIONS}; fails unless 200. Returns the channel id. */
    String createChannel(String token) throws IOException, InterruptedException {
        Response r = call(token, CREATE_CHANNEL, TWO_RENDITIONS);
        if (r.status() != 200) throw new AssertionError("CreateChannel: expected 200, got " + r);
        return r.json().path("channel_id").asText();
    }

    /** ListChannelIDs; fails unless 200. */
    List<String> listChannelIds(String token) throws IOException, InterruptedException {
        Response r = call(token, LIST_CHANNEL_IDS, null);
        if (r.status() != 200) throw new AssertionError("ListChannelIDs: expected 200, got " + r);
        return ids(r.json());
    }

    Response deleteChannel(String token, String channelId) throws IOException, InterruptedException {
        return call(token, DELETE_CHANNEL, "{\"channel_id\":\"" + channelId + "\"}");
    }

    static List<String> ids(JsonNode listResponse) {
        JsonNode arr = listResponse.get("channel_ids");
        if (arr == null || !arr.isArray()) throw new AssertionError("no channel_ids array in " + listResponse);
        List<String> out = new ArrayList<>();
        arr.forEach(n -> out.add(n.asText()));
        return out;
    }
}
