package dev.hibiki.turn;

import dev.hibiki.turn.allocation.AllocationTable;

/** What every listener thread of one server shares. */
record TurnContext(TurnConfig config, AllocationTable allocations, TurnAuthenticator authenticator, TurnStats stats) {
    long now() {
        return config.clock().millis();
    }
}
