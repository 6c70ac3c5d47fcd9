package dev.hibiki.dtls;

import dev.hibiki.srtp.SrtpKeys;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Captures a transport's events for assertions. */
final class RecordingListener implements DtlsListener {
    final CompletableFuture<SrtpKeys> connected = new CompletableFuture<>();
    final CompletableFuture<Exception> failed = new CompletableFuture<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    /** Completes with whichever ending came first: "failed" or "closed". */
    final CompletableFuture<String> ended = new CompletableFuture<>();
    final AtomicInteger endings = new AtomicInteger();
    final CopyOnWriteArrayList<byte[]> applicationData = new CopyOnWriteArrayList<>();
    volatile String connectedThread;

    @Override
    public void onConnected(DtlsTransport transport, SrtpKeys keys) {
        connectedThread = Thread.currentThread().getName();
        connected.complete(keys);
    }

    @Override
    public void onFailed(DtlsTransport transport, Exception cause) {
        endings.incrementAndGet();
        failed.complete(cause);
        ended.complete("failed");
    }

    @Override
    public void onClosed(DtlsTransport transport) {
        endings.incrementAndGet();
        closed.complete(null);
        ended.complete("closed");
    }

    @Override
    public void onApplicationData(DtlsTransport transport, byte[] buf, int off, int len) {
        byte[] copy = new byte[len];
        System.arraycopy(buf, off, copy, 0, len);
        applicationData.add(copy);
    }

    SrtpKeys awaitConnected() throws Exception {
        return connected.get(20, TimeUnit.SECONDS);
    }

    Exception awaitFailed() throws Exception {
        return failed.get(20, TimeUnit.SECONDS);
    }

    void awaitClosed() throws Exception {
        closed.get(20, TimeUnit.SECONDS);
    }
}
