package dev.hibiki.turn.allocation;

/** What allocations count as they relay; the server's stats implement it. */
public interface RelayCounters {
    /** One datagram relayed, either way. */
    void relayed(int bytes);

    /** One datagram dropped: no permission or channel, over the byte rate, or the send failed. */
    void dropped();
}
