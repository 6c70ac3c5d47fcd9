package dev.hibiki.ricoh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hibiki.live.signaling.ChannelConnections;
import dev.hibiki.live.signaling.Role;
import dev.hibiki.platform.http.ApiException;
import dev.hibiki.platform.http.ErrorCode;
import dev.hibiki.platform.http.JsonBodyReader;
import dev.hibiki.platform.http.JsonResponses;
import dev.hibiki.platform.http.PublicUrls;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /v1/rooms}: create, list, describe and delete the caller's rooms, and issue their signaling tickets.
 * Errors are the platform's shape ({@code {"error":{"code","message"}}}) with its codes, plus
 * {@code ROOM_LIMIT_REACHED} (403) when the client's plan allows no more rooms.
 */
final class RoomsApi {

    static final String ROOM_LIMIT_REACHED = "ROOM_LIMIT_REACHED";

    private final RicohAuthenticator auth;
    private final RoomService rooms;
    private final TicketService tickets;
    private final ChannelConnections connections;
    private final PublicUrls urls;

    RoomsApi(RicohAuthenticator auth, RoomService rooms, TicketService tickets, ChannelConnections connections,
             PublicUrls urls) {
        this.auth = auth;
        this.rooms = rooms;
        this.tickets = tickets;
        this.connections = connections;
        this.urls = urls;
    }

    void register(JavalinConfig cfg) {
        cfg.routes.post("/v1/rooms", this::create);
        cfg.routes.get("/v1/rooms", this::list);
        cfg.routes.get("/v1/rooms/{id}", this::describe);
        cfg.routes.delete("/v1/rooms/{id}", this::delete);
        cfg.routes.post("/v1/rooms/{id}/tickets", this::ticket);
    }

    private void create(Context ctx) {
        ApiClient client = auth.authenticate(ctx);
        try {
            JsonResponses.write(ctx, 200, json(rooms.create(client)));
        } catch (RoomLimitReachedException e) {
            // 403 has no platform ErrorCode; the body keeps the platform's shape with this module's stable code.
            JsonResponses.write(ctx, 403, Map.of("error", Map.of("code", ROOM_LIMIT_REACHED, "message", e.getMessage())));
        }
    }

    private void list(Context ctx) {
        ApiClient client = auth.authenticate(ctx);
        List<Map<String, Object>> all = rooms.list(client.id()).stream().map(this::json).toList();
        JsonResponses.write(ctx, 200, all);
    }

    private void describe(Context ctx) {
        ApiClient client = auth.authenticate(ctx);
        JsonResponses.write(ctx, 200, json(owned(client, ctx.pathParam("id"))));
    }

    private void delete(Context ctx) {
        ApiClient client = auth.authenticate(ctx);
        Room room = rooms.delete(client, ctx.pathParam("id")).orElseThrow(() -> notFound(ctx.pathParam("id")));
        connections.disconnectAll(room.channelId());
        ctx.status(204);
    }

    private void ticket(Context ctx) {
        ApiClient client = auth.authenticate(ctx);
        Room room = owned(client, ctx.pathParam("id"));
        ObjectNode body = JsonBodyReader.readObject(ctx);
        JsonNode d = body.get("direction");
        if (d == null || d.isNull()) throw ApiException.missing("direction");
        Direction direction = Direction.fromApi(d.isTextual() ? d.asText() : "")
                .orElseThrow(() -> ApiException.invalid("direction must be \"up\" or \"down\""));
        IssuedTicket ticket;
        try {
            ticket = tickets.issue(room, direction);
        } catch (TicketRefusedException e) {
            throw new ApiException(ErrorCode.CONFLICT, e.getMessage());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("access_token", ticket.token());
        out.put("id", ticket.id());
        out.put("url", urls.signalingUrl());
        JsonResponses.write(ctx, 200, out);
    }

    private Room owned(ApiClient client, String roomId) {
        return rooms.find(client.id(), roomId).orElseThrow(() -> notFound(roomId));
    }

    private static ApiException notFound(String roomId) {
        return new ApiException(ErrorCode.NOT_FOUND, "no room " + roomId + " (it was deleted or belongs to another client)");
    }

    private Map<String, Object> json(Room room) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", room.id());
        out.put("up_count", connections.connected(room.channelId(), Role.SENDONLY));
        out.put("down_count", connections.connected(room.channelId(), Role.RECVONLY));
        out.put("created_at", Times.rfc3339(room.createdAt()));
        return out;
    }
}
