package dev.hibiki.bench.fanout;

import dev.hibiki.ice.stun.StunMessage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/**
 * One receive thread: a selector over the sockets of many peers. Each ready socket is read (one datagram) into
 * one reused buffer, stamped with {@link System#nanoTime()} right after the read, and handed to its peer. Other
 * threads reach the loop's state only through {@link #call}, which runs on the loop's own thread.
 */
final class IoLoop implements Runnable {

    /**
     * Datagrams read per readiness event. The selector is level-triggered, so reading one and going back to select
     * costs no extra system call when the socket holds one datagram (the usual case with many sockets), whereas
     * draining until the read comes back empty always costs one more.
     */
    private static final int BURST = 1;

    final int id;
    /** Publisher send to arrival at the subscriber's socket (kernel stamp), or to the read when there is no stamp. */
    final LatencyHistogram latency = new LatencyHistogram();
    /** Publisher send to this thread's read of the datagram: includes the load client's own scheduling delays. */
    final LatencyHistogram readLatency = new LatencyHistogram();
    /** When the datagram being handled reached its socket (nanoTime clock); its read time when not stamped. */
    long arrivalNanos;
    final StunMessage stun = new StunMessage();
    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final byte[] buf = new byte[2048];
    private final ByteBuffer bb = ByteBuffer.wrap(buf);
    private final SocketArrivalTimes arrivals = SocketArrivalTimes.available() ? new SocketArrivalTimes(2048) : null;
    private volatile boolean running = true;
    long datagrams;
    long readErrors;

    IoLoop(int id) throws IOException {
        this.id = id;
        this.selector = Selector.open();
        this.thread = Thread.ofPlatform().name("fanout-io-" + id).daemon().unstarted(this);
    }

    void start() {
        thread.start();
    }

    void register(Peer peer) {
        post(() -> {
            try {
                peer.channel.register(selector, SelectionKey.OP_READ, peer);
            } catch (ClosedChannelException e) {
                peer.fail("socket closed before registration");
            }
        });
    }

    void post(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Runs {@code f} on this loop's thread and returns its result. */
    <T> CompletableFuture<T> call(Function<IoLoop, T> f) {
        CompletableFuture<T> out = new CompletableFuture<>();
        post(() -> {
            try {
                out.complete(f.apply(this));
            } catch (RuntimeException e) {
                out.completeExceptionally(e);
            }
        });
        return out;
    }

    void stop() {
        running = false;
        selector.wakeup();
    }

    @Override
    public void run() {
        while (running) {
            try {
                selector.select(this::onReady, 200);
            } catch (IOException | RuntimeException e) {
                readErrors++;
            }
            Runnable t;
            while ((t = tasks.poll()) != null) t.run();
        }
        try {
            selector.close();
        } catch (IOException e) {
            // ignore
        }
    }

    private void onReady(SelectionKey key) {
        Peer peer = (Peer) key.attachment();
        for (int i = 0; i < BURST; i++) {
            int n;
            long stamp = 0;
            if (peer.fd >= 0 && arrivals != null) {
                n = arrivals.read(peer.fd, buf);
                if (n < 0) {
                    readErrors++;
                    return;
                }
                stamp = arrivals.arrivalNanos();
            } else {
                bb.clear();
                try {
                    n = peer.channel.read(bb);
                } catch (IOException e) {
                    readErrors++; // e.g. ICMP port unreachable on the connected socket
                    return;
                }
            }
            if (n <= 0) return;
            long now = System.nanoTime();
            arrivalNanos = stamp != 0 ? stamp : now;
            datagrams++;
            int off = 0;
            if (peer.relay != null) {
                n = TurnChannel.dataLength(buf, n);
                if (n < 0) continue; // not the channel's data (a late TURN response)
                off = TurnChannel.HEADER;
            }
            int first = buf[off] & 0xff;
            if (first < 4) {
                peer.onStun(buf, off, n, now, stun);
            } else if (first >= 20 && first <= 63) {
                peer.onDtls(buf, off, n);
            } else if (first >= 128 && first <= 191) {
                peer.onMedia(buf, off, n, now, this);
            }
        }
    }
}
