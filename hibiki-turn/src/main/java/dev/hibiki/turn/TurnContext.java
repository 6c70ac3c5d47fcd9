package dev.hibiki.turn;

import dev.hibiki.turn.allocation.AllocationTable;
import dev.hibiki.turn.auth.TurnCredentialVerifier;
import dev.hibiki.turn.auth.TurnNonces;
import java.security.SecureRandom;

/** What every listener thread of one server shares. */
record TurnContext(TurnConfig config, AllocationTable allocations, TurnAuthenticator authenticator, TurnStats stats) {
    static TurnContext create(TurnConfig config) {
        AllocationTable allocations = new AllocationTable(config.quotas().allocationsPerUsername());
        TurnStats stats = new TurnStats(allocations::size);
        TurnAuthenticator authenticator = new TurnAuthenticator(
                new TurnCredentialVerifier(config.secret(), config.realm(), config.clock()),
                new TurnNonces(config.clock(), config.nonceLifetime(), new SecureRandom()), stats);
        return new TurnContext(config, allocations, authenticator, stats);
    }

    long now() {
        return config.clock().millis();
    }
}
