package dev.hibiki.ricoh;

import dev.hibiki.platform.Feature;
import dev.hibiki.platform.Platform;
import dev.hibiki.platform.config.Setting;
import dev.hibiki.platform.persistence.MigrationFolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.hibiki.ricoh.RicohServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The API through {@link RoomConnections}, as the signaling side will provide it: the live counts in a room's
 * description, one broadcaster per room, and a deleted room's connections closed.
 */
class RoomConnectionsSeamTest {

    /** Counts set by the test, by channel id, and the channels it was asked to close. */
    static final class StubConnections implements RoomConnections {
        final Map<String, int[]> counts = new ConcurrentHashMap<>();
        final List<String> closed = new CopyOnWriteArrayList<>();

        @Override
        public int upCount(String channelId) {
            return counts.getOrDefault(channelId, new int[2])[0];
        }

        @Override
        public int downCount(String channelId) {
            return counts.getOrDefault(channelId, new int[2])[1];
        }

        @Override
        public void closeAll(String channelId) {
            closed.add(channelId);
        }
    }

    static final StubConnections CONNECTIONS = new StubConnections();

    /** Provides the stub as live's signaling would, before the RICOH API starts. */
    static final class ProvidingFeature implements Feature {
        @Override public String name() { return "stub-signaling"; }
        @Override public List<Setting> settings() { return List.of(); }
        @Override public Optional<MigrationFolder> migrations() { return Optional.empty(); }
        @Override public List<Class<?>> commands() { return List.of(); }
        @Override public void start(Platform platform) { platform.provide(RoomConnections.class, CONNECTIONS); }
        @Override public void stop() { }
    }

    @TempDir
    static Path dataDir;
    static RicohServer server;

    @BeforeAll
    static void start() {
        server = new RicohServer(dataDir, RicohSettings.DEFAULT, List.of(new ProvidingFeature()));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void aRoomDescribesItsLiveCountsRefusesASecondBroadcasterAndClosesItsConnectionsWhenDeleted() {
        IssuedClient client = server.newClient(5);
        String auth = server.bearer(client);
        String id = json(server.request("POST", "/v1/rooms", auth, null)).get("id").asText();
        String channelId = channelOf(id);
        CONNECTIONS.counts.put(channelId, new int[] {1, 7});

        var described = json(server.request("GET", "/v1/rooms/" + id, auth, null));
        assertThat(described.get("up_count").asInt()).isEqualTo(1);
        assertThat(described.get("down_count").asInt()).isEqualTo(7);

        HttpResponse<String> up = server.request("POST", "/v1/rooms/" + id + "/tickets", auth, "{\"direction\":\"up\"}");
        assertThat(up.statusCode()).isEqualTo(409);
        assertThat(json(up).get("error").get("code").asText()).isEqualTo("CONFLICT");
        assertThat(server.request("POST", "/v1/rooms/" + id + "/tickets", auth, "{\"direction\":\"down\"}").statusCode())
                .isEqualTo(200);

        CONNECTIONS.counts.put(channelId, new int[] {0, 7});
        String token = json(server.request("POST", "/v1/rooms/" + id + "/tickets", auth, "{\"direction\":\"up\"}"))
                .get("access_token").asText();
        CONNECTIONS.counts.put(channelId, new int[] {1, 7});
        assertThatThrownBy(() -> server.ricoh.tickets().redeem(id, token, "upstream"))
                .isInstanceOf(TicketRefusedException.class).hasMessageContaining("already has a broadcaster");

        assertThat(server.request("DELETE", "/v1/rooms/" + id, auth, null).statusCode()).isEqualTo(204);
        assertThat(CONNECTIONS.closed).containsExactly(channelId);
    }

    /** The room's channel, as a ticket redemption reports it. */
    private static String channelOf(String roomId) {
        IssuedTicket down = server.ricoh.tickets().issue(new Room(roomId, "", "none", null), Direction.DOWN);
        return server.ricoh.tickets().redeem(roomId, down.token(), "downstream").channelId();
    }
}
