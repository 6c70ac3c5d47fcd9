package dev.hibiki.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.tls.DatagramTransport;

/**
 * Adapts the ICE layer to bctls: datagrams pushed by the receive thread are copied into a bounded queue
 * that the DTLS thread drains; sends go straight to the {@link DtlsPacketSender}.
 */
final class QueuedDatagramTransport implements DatagramTransport {
    /** Larger than any datagram on a 1500-byte path; longer ones are dropped. */
    static final int RECEIVE_LIMIT = 2048;
    private static final int QUEUE_CAPACITY = 128;
    private static final byte[] CLOSED_MARKER = new byte[0];
    private static final int RECORD_HEADER = 13;

    private final ArrayBlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final DtlsPacketSender sender;
    private final int mtu;
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;
    private volatile int minimumCiphertext;

    QueuedDatagramTransport(DtlsPacketSender sender, int mtu) {
        this.sender = sender;
        this.mtu = mtu;
    }

    /** Called on the ICE thread: copies and never blocks; drops when the queue is full or closed. */
    void offer(byte[] buf, int off, int len) {
        if (closed || len <= 0 || len > RECEIVE_LIMIT) {
            dropped.incrementAndGet();
            return;
        }
        byte[] copy = new byte[len];
        System.arraycopy(buf, off, copy, 0, len);
        if (!queue.offer(copy)) {
            dropped.incrementAndGet();
        }
    }

    /** From the negotiated suite on, encrypted records shorter than this are discarded. */
    void expectCiphertextOfAtLeast(int length) {
        minimumCiphertext = length;
    }

    long droppedDatagrams() {
        return dropped.get();
    }

    @Override
    public int getReceiveLimit() {
        return RECEIVE_LIMIT;
    }

    @Override
    public int getSendLimit() {
        return mtu;
    }

    /** Waits up to {@code waitMillis} (0 = forever, as DatagramSocket) and returns -1 on timeout. */
    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        byte[] datagram;
        try {
            datagram = waitMillis == 0 ? queue.take() : queue.poll(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a datagram");
        }
        if (datagram == null) {
            return -1;
        }
        if (datagram == CLOSED_MARKER) {
            queue.offer(CLOSED_MARKER);
            throw new IOException("DTLS transport closed");
        }
        if (datagram.length > len || hasTruncatedCiphertext(datagram)) {
            dropped.incrementAndGet();
            return -1;
        }
        System.arraycopy(datagram, 0, buf, off, datagram.length);
        return datagram.length;
    }

    /**
     * Whether any record with a non-zero epoch is too short to be ciphertext of the negotiated suite.
     * RFC 6347 §4.1.2.7 wants invalid records silently discarded; bctls would instead fail the connection.
     */
    private boolean hasTruncatedCiphertext(byte[] d) {
        int min = minimumCiphertext;
        if (min == 0) {
            return false;
        }
        int at = 0;
        while (d.length - at >= RECORD_HEADER) {
            int epoch = ((d[at + 3] & 0xFF) << 8) | (d[at + 4] & 0xFF);
            int length = ((d[at + 11] & 0xFF) << 8) | (d[at + 12] & 0xFF);
            if (epoch != 0 && length < min) {
                return true;
            }
            at += RECORD_HEADER + length;
        }
        return false;
    }

    @Override
    public void send(byte[] buf, int off, int len) {
        if (closed) {
            return;
        }
        try {
            sender.send(buf, off, len);
        } catch (RuntimeException e) {
            // UDP semantics: a failed send is a lost datagram, which the DTLS retransmission timer covers.
            dropped.incrementAndGet();
        }
    }

    /** Stops sending and wakes the DTLS thread, whose next receive throws. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.clear();
        while (!queue.offer(CLOSED_MARKER)) {
            queue.poll(); // an offer that raced with close filled the queue
        }
    }
}
