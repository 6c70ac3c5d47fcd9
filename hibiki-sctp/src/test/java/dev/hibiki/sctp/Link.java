package dev.hibiki.sctp;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Two associations joined through a simulated path on a {@link ManualScheduler}: each packet arrives after a delay,
 * may be dropped or delayed further (reordering), and can be cut off entirely.
 */
final class Link {
    final ManualScheduler scheduler = new ManualScheduler();
    final RecordingListener clientEvents = new RecordingListener();
    final RecordingListener serverEvents = new RecordingListener();
    final SctpAssociation client;
    final SctpAssociation server;
    private final Random random = new Random(42);
    volatile double loss;
    volatile double reorder;
    volatile boolean cut;
    /** Packets this returns true for are lost. */
    volatile java.util.function.Predicate<byte[]> drop = p -> false;
    final java.util.List<byte[]> clientSent = new java.util.concurrent.CopyOnWriteArrayList<>();
    final java.util.List<byte[]> serverSent = new java.util.concurrent.CopyOnWriteArrayList<>();
    long delivered;

    Link() {
        this(SctpRole.CLIENT, SctpRole.SERVER);
    }

    Link(SctpRole first, SctpRole second) {
        this(first, second, SctpOptions.defaults());
    }

    Link(SctpRole first, SctpRole second, SctpOptions serverOptions) {
        SctpAssociation[] pair = new SctpAssociation[2];
        client = new SctpAssociation(first, (b, o, l) -> carry(b, o, l, clientSent, () -> pair[1]), clientEvents,
                scheduler, SctpOptions.defaults(), scheduler::nanoTime, new Random(1));
        server = new SctpAssociation(second, (b, o, l) -> carry(b, o, l, serverSent, () -> pair[0]), serverEvents,
                scheduler, serverOptions, scheduler::nanoTime, new Random(2));
        pair[0] = client;
        pair[1] = server;
    }

    private void carry(byte[] b, int off, int len, java.util.List<byte[]> tap,
                       java.util.function.Supplier<SctpAssociation> to) {
        byte[] copy = java.util.Arrays.copyOfRange(b, off, off + len);
        tap.add(copy);
        if (cut || drop.test(copy) || random.nextDouble() < loss) {
            return;
        }
        long delay = 10 + (random.nextDouble() < reorder ? random.nextInt(30) : 0);
        scheduler.schedule(() -> {
            delivered++;
            to.get().onPacket(copy, 0, copy.length);
        }, delay, TimeUnit.MILLISECONDS);
    }

    void establish() {
        server.start();
        client.start();
        if (!scheduler.runUntil(() -> clientEvents.established && serverEvents.established, 5_000)) {
            throw new AssertionError("not established");
        }
    }

    /** Loses the next packet that starts with a DATA chunk; the flag tells whether that happened. */
    java.util.concurrent.atomic.AtomicBoolean dropNextData() {
        var dropped = new java.util.concurrent.atomic.AtomicBoolean();
        drop = p -> (p[12] & 0xff) == Chunk.DATA && dropped.compareAndSet(false, true);
        return dropped;
    }

    /** The server's verification tag, as the client's packets carry it. */
    int serverTag() {
        return SctpPacket.i32(clientSent.getLast(), 4);
    }

    boolean runUntil(java.util.function.BooleanSupplier condition, long maxMs) {
        return scheduler.runUntil(condition, maxMs);
    }
}
