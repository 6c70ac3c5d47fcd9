package dev.hibiki.archive;

import dev.hibiki.net.OutboundAddressPolicy;
import dev.hibiki.storage.ObjectStore;
import dev.hibiki.storage.ObjectStores;
import dev.hibiki.storage.StoreException;
import dev.hibiki.storage.StoreOptions;
import dev.hibiki.storage.StoreSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The open store of each destination, built on first use and kept (its HTTP client pools connections). */
public final class ArchiveStores implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveStores.class);

    private final ArchiveDestinationStore destinations;
    private final OutboundAddressPolicy policy;
    private final StoreOptions options;
    private final Map<String, ObjectStore> open = new ConcurrentHashMap<>();
    /** The specs of the open stores, so that every upload's event does not read and decrypt its destination again. */
    private final Map<String, StoreSpec> specs = new ConcurrentHashMap<>();

    public ArchiveStores(ArchiveDestinationStore destinations, OutboundAddressPolicy policy, StoreOptions options) {
        this.destinations = destinations;
        this.policy = policy;
        this.options = options;
    }

    /** Writes and deletes a test object with a store built from {@code spec}, then closes it. */
    public void probe(StoreSpec spec) throws StoreException {
        try (ObjectStore store = ObjectStores.open(spec, policy, options)) {
            store.probe();
        }
    }

    /** The store of a destination, or null when the destination was deleted (its uploads are given up). */
    public ObjectStore store(String destinationId) {
        ObjectStore store = open.get(destinationId);
        if (store != null) return store;
        ArchiveDestination d = destinations.byId(destinationId).orElse(null);
        if (d == null) return null;
        return open.computeIfAbsent(destinationId, id -> {
            try {
                ObjectStore opened = ObjectStores.open(d.spec(), policy, options);
                specs.put(id, d.spec());
                return opened;
            } catch (StoreException e) {
                // The key cannot be used at all (it was checked on creation, so it changed since): uploads fail.
                LOG.warn("archive destination {}: the store cannot be opened ({}): {}", id, e.reason(), e.getMessage());
                return null;
            }
        });
    }

    /** A destination's spec: the open store's, else read from the database; empty once it is deleted. */
    public java.util.Optional<StoreSpec> spec(String destinationId) {
        StoreSpec spec = specs.get(destinationId);
        return spec != null ? java.util.Optional.of(spec) : destinations.byId(destinationId).map(ArchiveDestination::spec);
    }

    /** Drops the open store of a deleted destination. */
    public void forget(String destinationId) {
        specs.remove(destinationId);
        ObjectStore store = open.remove(destinationId);
        if (store != null) store.close();
    }

    @Override
    public void close() {
        open.values().forEach(ObjectStore::close);
        open.clear();
        specs.clear();
    }
}
