package dev.hibiki.turn.allocation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live allocations by five-tuple, with the per-username quota. Lookups (every relayed datagram from a client)
 * take no lock; changes are serialised on the table.
 */
public final class AllocationTable {
    private final ConcurrentHashMap<FiveTuple, Allocation> byTuple = new ConcurrentHashMap<>();
    private final Map<String, Integer> perUsername = new HashMap<>();
    private final int maxPerUsername;

    /** @param maxPerUsername how many allocations one username may hold at once; 0 for no limit */
    public AllocationTable(int maxPerUsername) {
        this.maxPerUsername = maxPerUsername;
    }

    public Allocation find(FiveTuple tuple) {
        return byTuple.get(tuple);
    }

    public synchronized boolean isAtQuota(String username) {
        return maxPerUsername > 0 && perUsername.getOrDefault(username, 0) >= maxPerUsername;
    }

    /** Adds {@code allocation} unless its tuple already has one or its username is at quota. */
    public synchronized boolean add(Allocation allocation) {
        if (isAtQuota(allocation.username()) || byTuple.containsKey(allocation.tuple())) {
            return false;
        }
        byTuple.put(allocation.tuple(), allocation);
        perUsername.merge(allocation.username(), 1, Integer::sum);
        return true;
    }

    /** Removes and closes {@code allocation}; false when it was no longer there. */
    public synchronized boolean remove(Allocation allocation) {
        if (!byTuple.remove(allocation.tuple(), allocation)) {
            return false;
        }
        perUsername.computeIfPresent(allocation.username(), (user, count) -> count > 1 ? count - 1 : null);
        allocation.close();
        return true;
    }

    /** Removes and closes the allocations that expired by {@code now}; purges the others' permissions and channels. */
    public List<Allocation> expire(long now) {
        List<Allocation> expired = new ArrayList<>();
        for (Allocation allocation : byTuple.values()) {
            if (allocation.expiresAt() <= now) {
                if (remove(allocation)) {
                    expired.add(allocation);
                }
            } else {
                allocation.purge(now);
            }
        }
        return expired;
    }

    public int size() {
        return byTuple.size();
    }

    public synchronized void closeAll() {
        for (Allocation allocation : List.copyOf(byTuple.values())) {
            remove(allocation);
        }
    }
}
