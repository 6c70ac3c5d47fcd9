package dev.hibiki.live.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hibiki.sfu.Connection;

import java.util.List;
import java.util.Map;

/**
 * Sora's {@code offer} message (docs/API.md, "Sora signaling"): the SDP and ids, the flags of what Hibiki serves,
 * the auth metadata, the mids the client sends on, the ICE servers and policy, and the data channels.
 *
 * @param iceServers         the TURN servers this connection may use, after the auth webhook's choice
 * @param iceTransportPolicy {@code all} or {@code relay}
 */
record OfferMessage(Connection media, String clientId, String bundleId, String connectionId, String sessionId,
                    String channelId, String version, boolean multistream, JsonNode metadata,
                    List<IceServers.IceServer> iceServers, String iceTransportPolicy, SessionDataChannels dataChannels) {

    ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("type", "offer");
        o.put("sdp", media.offer());
        o.put("client_id", clientId);
        o.put("bundle_id", bundleId);
        o.put("connection_id", connectionId);
        o.put("session_id", sessionId);
        o.put("channel_id", channelId);
        o.put("version", version);
        // Not served yet: the SDKs then send one encoding and receive every stream.
        o.put("simulcast", false);
        o.put("simulcast_multicodec", false);
        o.put("spotlight", false);
        o.put("multistream", multistream);
        if (metadata != null) o.set("metadata", metadata);
        else o.putNull("metadata");
        ObjectNode mid = o.putObject("mid");
        for (Map.Entry<String, String> e : media.sendMids().entrySet()) mid.put(e.getKey(), e.getValue());
        ObjectNode config = o.putObject("config");
        ArrayNode servers = config.putArray("iceServers");
        for (IceServers.IceServer s : iceServers) {
            ObjectNode entry = servers.addObject();
            ArrayNode urls = entry.putArray("urls");
            s.urls().forEach(urls::add);
            entry.put("username", s.username());
            entry.put("credential", s.credential());
        }
        config.put("iceTransportPolicy", iceTransportPolicy);
        if (dataChannels.plan().any()) {
            o.put("data_channel_signaling", dataChannels.plan().signaling());
            o.put("ignore_disconnect_websocket", dataChannels.plan().ignoreDisconnectWebSocket());
            dataChannels.describe(o.putArray("data_channels"));
        }
        return o;
    }
}
