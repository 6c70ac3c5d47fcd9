package dev.hibiki.live.sora;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hibiki.live.channel.ChannelService;
import dev.hibiki.platform.http.ApiCall;
import dev.hibiki.platform.http.ApiException;
import dev.hibiki.platform.http.ErrorCode;
import dev.hibiki.platform.http.JsonFields;
import dev.hibiki.platform.http.SoraTargetDispatcher;
import dev.hibiki.live.signaling.LiveConnection;
import dev.hibiki.live.signaling.Role;
import dev.hibiki.live.signaling.SignalingEndpoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The Sora HTTP API on live connections (Sora's API documentation): list, push, stats, disconnect and keyframe
 * requests. Every operation sees only the channels of its {@link ChannelScope} (on the public API, those of the
 * calling token): another token's channel answers exactly like an unknown one (404 CHANNEL_NOT_FOUND).
 */
public final class SoraConnectionApi {

    private static final Set<String> ROLES = Set.of("sendrecv", "sendonly", "recvonly");

    private final ChannelScope scope;
    private final SignalingEndpoint signaling;

    /** Over the channels of the calling access token. */
    public SoraConnectionApi(ChannelService channels, SignalingEndpoint signaling) {
        this(ChannelScope.ofTokens(channels), signaling);
    }

    public SoraConnectionApi(ChannelScope scope, SignalingEndpoint signaling) {
        this.scope = scope;
        this.signaling = signaling;
    }

    public void registerWith(SoraTargetDispatcher d) {
        d.register("Sora_20151104.ListConnections", this::listChannelConnections)
                .register("Sora_20201013.ListConnections", this::listAllConnections)
                .register("Sora_20201013.ListChannelConnections", this::listChannelConnections)
                .register("Sora_20170814.ListChannelClients", this::listChannelClients)
                .register("Sora_20160711.PushChannel", call -> push(call, null, c -> true))
                .register("Sora_20160711.PushClient", call -> pushTo(call, "client_id"))
                .register("Sora_20160711.PushConnection", call -> pushTo(call, "connection_id"))
                .register("Sora_20160711.PushUpstream", call -> push(call, null, c -> c.role().sends()))
                .register("Sora_20160711.PushDownStream", call -> push(call, null, c -> c.role().receives()))
                .register("Sora_20160711.PushDownstream", call -> push(call, null, c -> c.role().receives()))
                .register("Sora_20201120.PushChannelByRole", this::pushByRole)
                .register("Sora_20170529.GetStats", this::statsOfClient)
                .register("Sora_20170529.GetStatsConnection", this::statsOfConnection)
                .register("Sora_20151104.DisconnectChannel", this::disconnectChannel)
                .register("Sora_20151104.DisconnectConnection", call -> disconnectOne(call, "connection_id"))
                .register("Sora_20151104.DisconnectClient", call -> disconnectOne(call, "client_id"))
                .register("Sora_20151104.Disconnect", this::disconnectEither)
                .register("Sora_20201120.DisconnectChannelByRole", this::disconnectByRole)
                .register("Sora_20241218.RequestKeyFrame", this::requestKeyFrame);
    }

    // ------------------------------------------------------------------ lists

    private Object listChannelConnections(ApiCall call) {
        String channelId = ownedChannel(call);
        return signaling.connections(channelId).stream().map(ConnectionJson::listed).toList();
    }

    private Object listAllConnections(ApiCall call) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String channelId : scope.channelIds(call.tokenId())) {
            for (LiveConnection c : signaling.connections(channelId)) out.add(ConnectionJson.listed(c));
        }
        return out;
    }

    private Object listChannelClients(ApiCall call) {
        String channelId = ownedChannel(call);
        return signaling.connections(channelId).stream().map(ConnectionJson::client).toList();
    }

    // ------------------------------------------------------------------ push

    private Object pushTo(ApiCall call, String idField) {
        String id = JsonFields.requiredText(call.body(), "", idField, 255);
        Predicate<LiveConnection> match = idField.equals("client_id")
                ? c -> c.clientId().equals(id) : c -> c.connectionId().equals(id);
        return push(call, idField + " " + id, match);
    }

    private Object pushByRole(ApiCall call) {
        Role role = role(call.body());
        return push(call, null, c -> c.role() == role);
    }

    /** @param mustMatch when non-null, no connection matching is a 404 naming this */
    private Object push(ApiCall call, String mustMatch, Predicate<LiveConnection> to) {
        String channelId = ownedChannel(call);
        ObjectNode data = JsonFields.object(call.body(), "", "data", true);
        int sent = signaling.push(channelId, to, data);
        if (sent == 0 && mustMatch != null) throw noConnection(channelId, mustMatch);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("data", data);
        out.put("type", "push");
        return out;
    }

    // ------------------------------------------------------------------ stats

    private Object statsOfClient(ApiCall call) {
        String channelId = ownedChannel(call);
        String clientId = JsonFields.requiredText(call.body(), "", "client_id", 255);
        List<Map<String, Object>> out = signaling.connections(channelId).stream()
                .filter(c -> c.clientId().equals(clientId)).map(ConnectionJson::stats).toList();
        if (out.isEmpty()) throw noConnection(channelId, "client_id " + clientId);
        return out;
    }

    private Object statsOfConnection(ApiCall call) {
        String channelId = ownedChannel(call);
        String connectionId = JsonFields.requiredText(call.body(), "", "connection_id", 255);
        return signaling.connections(channelId).stream().filter(c -> c.connectionId().equals(connectionId))
                .findFirst().map(ConnectionJson::stats)
                .orElseThrow(() -> noConnection(channelId, "connection_id " + connectionId));
    }

    // ------------------------------------------------------------------ disconnect

    private Object disconnectChannel(ApiCall call) {
        String channelId = ownedChannel(call);
        signaling.disconnect(channelId, c -> true, reason(call.body()));
        return Map.of("channel_id", channelId);
    }

    private Object disconnectOne(ApiCall call, String idField) {
        String channelId = ownedChannel(call);
        String id = JsonFields.requiredText(call.body(), "", idField, 255);
        Predicate<LiveConnection> match = idField.equals("client_id")
                ? c -> c.clientId().equals(id) : c -> c.connectionId().equals(id);
        if (signaling.disconnect(channelId, match, reason(call.body())) == 0) {
            throw noConnection(channelId, idField + " " + id);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("channel_id", channelId);
        out.put(idField, id);
        return out;
    }

    /** ImageFlux lists {@code Sora_20151104.Disconnect} without a body: it takes a connection_id or a client_id. */
    private Object disconnectEither(ApiCall call) {
        if (call.body().hasNonNull("connection_id")) return disconnectOne(call, "connection_id");
        if (call.body().hasNonNull("client_id")) return disconnectOne(call, "client_id");
        ownedChannel(call);
        throw new ApiException(ErrorCode.MISSING_PARAMETER,
                "connection_id or client_id is required: name the connection or client to disconnect");
    }

    private Object disconnectByRole(ApiCall call) {
        String channelId = ownedChannel(call);
        Role role = role(call.body());
        signaling.disconnect(channelId, c -> c.role() == role, reason(call.body()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("channel_id", channelId);
        out.put("role", role.wire());
        return out;
    }

    // ------------------------------------------------------------------ keyframe

    private Object requestKeyFrame(ApiCall call) {
        String channelId = ownedChannel(call);
        String connectionId = JsonFields.requiredText(call.body(), "", "connection_id", 255);
        boolean sendsVideo = signaling.requestKeyframe(channelId, connectionId)
                .orElseThrow(() -> noConnection(channelId, "connection_id " + connectionId));
        if (!sendsVideo) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER, "connection " + connectionId
                    + " sends no video, so there is no keyframe to ask for; name a sending connection");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("channel_id", channelId);
        out.put("connection_id", connectionId);
        return out;
    }

    // ------------------------------------------------------------------ helpers

    private String ownedChannel(ApiCall call) {
        String id = JsonFields.requiredText(call.body(), "", "channel_id", 255);
        if (!scope.includes(call.tokenId(), id)) {
            throw new ApiException(ErrorCode.CHANNEL_NOT_FOUND, "no channel " + id + " " + scope.notFoundHint());
        }
        return id;
    }

    private static Role role(ObjectNode body) {
        String role = JsonFields.oneOf(body, "", "role", ROLES);
        if (role == null) throw ApiException.missing("role");
        return Role.fromWire(role);
    }

    /** The optional {@code reason} of a Disconnect call: an object (Sora's devtools send {"type":"normal"}) or text. */
    private static JsonNode reason(ObjectNode body) {
        JsonNode r = body.get("reason");
        if (r == null || r.isNull()) return null;
        if (!r.isObject() && !r.isTextual()) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER, "reason must be a JSON object or a string, e.g. {\"type\":\"normal\"}");
        }
        return r;
    }

    private static ApiException noConnection(String channelId, String what) {
        return new ApiException(ErrorCode.CONNECTION_NOT_FOUND, "no live connection with " + what + " in channel "
                + channelId + "; list them with Sora_20201013.ListChannelConnections");
    }
}
