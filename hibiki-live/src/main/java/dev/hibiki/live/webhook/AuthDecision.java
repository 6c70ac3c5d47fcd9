package dev.hibiki.live.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the auth webhook decided about one connection.
 *
 * @param response the webhook's JSON object when it allowed the connection (its overrides), else null
 * @param reason   why the connection is refused (shown to the client in the WebSocket close), else null
 */
public record AuthDecision(boolean allowed, ObjectNode response, String reason) {

    static AuthDecision allow(ObjectNode response) {
        return new AuthDecision(true, response, null);
    }

    static AuthDecision refuse(String reason) {
        return new AuthDecision(false, null, reason);
    }
}
