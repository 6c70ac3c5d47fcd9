package dev.hibiki.turn.auth;

import java.time.Instant;

/** A TURN username and password for one connection, as an offer's {@code iceServers} entry carries them. */
public record TurnCredential(String username, String password, Instant expiresAt) {
    @Override
    public String toString() {
        return "TurnCredential[username=" + username + ", expiresAt=" + expiresAt + "]";
    }
}
