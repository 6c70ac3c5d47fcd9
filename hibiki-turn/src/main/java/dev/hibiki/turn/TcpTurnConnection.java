package dev.hibiki.turn;

import dev.hibiki.turn.allocation.Allocation;
import dev.hibiki.turn.allocation.ClientSink;
import dev.hibiki.turn.allocation.FiveTuple;
import dev.hibiki.turn.proto.TurnStreamFramer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's stream connection: reads framed messages, and is the client's {@link ClientSink}, writing each
 * message whole (ChannelData padded to 4 bytes) under a lock, since responses and relayed data come from different
 * threads. A write blocks while the client's window is shut; the listener's watchdog {@link #abort}s a connection
 * whose write has blocked longer than the client write timeout, which ends the write, so a client that stops reading
 * holds its allocation's relay thread for that long at most. The allocation made on a connection ends with it
 * (RFC 8656 section 12.5). Any connected {@link Socket} fits, so a TLS listener can hand its {@code SSLSocket}s to
 * this class as they are.
 */
final class TcpTurnConnection implements ClientSink, Runnable {
    private static final Logger log = LoggerFactory.getLogger(TcpTurnConnection.class);
    /** How long a connection may stay silent while it holds no allocation. */
    static final int IDLE_WITHOUT_ALLOCATION_MILLIS = 30_000;

    private final Socket socket;
    private final FiveTuple tuple;
    private final TurnContext context;
    private final OutputStream out;
    /**
     * The longest message either way: a Send or Data indication around the largest relayed datagram. Larger ones
     * have no use here, and the bound keeps a connection's buffers at about 20 KiB instead of 128.
     */
    static final int MAX_MESSAGE = Allocation.MAX_RELAYED_DATAGRAM + 1024;

    private final byte[] outBuffer = new byte[MAX_MESSAGE];
    /** A lock rather than synchronized: a virtual thread blocked in a write inside it would pin its carrier (JDK 21). */
    private final ReentrantLock writeLock = new ReentrantLock();
    /** System.nanoTime() when the write in progress began, or 0 while none is. */
    private volatile long writeStartedNanos;

    TcpTurnConnection(Socket socket, FiveTuple.ClientTransport transport, TurnContext context) throws IOException {
        this.socket = socket;
        this.tuple = new FiveTuple(transport, (InetSocketAddress) socket.getRemoteSocketAddress(),
                (InetSocketAddress) socket.getLocalSocketAddress());
        this.context = context;
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(IDLE_WITHOUT_ALLOCATION_MILLIS);
        this.out = socket.getOutputStream();
    }

    @Override
    public void run() {
        ClientMessageHandler handler = new ClientMessageHandler(context);
        TurnStreamFramer framer = new TurnStreamFramer(MAX_MESSAGE);
        ByteBuffer view = ByteBuffer.wrap(framer.buffer());
        try (socket) {
            InputStream in = socket.getInputStream();
            while (true) {
                try {
                    if (framer.readFrom(in) < 0) {
                        return;
                    }
                } catch (SocketTimeoutException e) {
                    if (context.allocations().find(tuple) == null) {
                        return; // connected but never allocated, or no longer: free the thread and socket
                    }
                    continue;
                }
                TurnStreamFramer.Result result;
                while ((result = framer.next()) == TurnStreamFramer.Result.MESSAGE) {
                    view.limit(framer.messageOffset() + framer.messageLength()).position(framer.messageOffset());
                    try {
                        handler.onMessage(tuple, this, view);
                    } catch (RuntimeException e) {
                        context.stats().malformed();
                        log.debug("TURN message from {} dropped", tuple.client(), e);
                    }
                    view.clear();
                }
                if (result == TurnStreamFramer.Result.MALFORMED) {
                    context.stats().malformed();
                    return;
                }
            }
        } catch (IOException e) {
            log.debug("TURN connection from {} ended", tuple.client(), e);
        } finally {
            Allocation allocation = context.allocations().find(tuple);
            if (allocation != null) {
                context.allocations().remove(allocation);
            }
        }
    }

    @Override
    public boolean mayWait() {
        return true;
    }

    @Override
    public void sendMessage(ByteBuffer message) {
        write(message, message.remaining());
    }

    @Override
    public void sendChannelData(ByteBuffer channelData) {
        int length = channelData.remaining();
        write(channelData, (length + 3) & ~3);
    }

    /** Writes the buffer's bytes followed by zero padding up to {@code paddedLength}, as one write. */
    private void write(ByteBuffer bytes, int paddedLength) {
        writeLock.lock();
        try {
            int length = bytes.remaining();
            if (paddedLength > outBuffer.length) {
                context.stats().dropped();
                return;
            }
            bytes.get(outBuffer, 0, length);
            for (int i = length; i < paddedLength; i++) {
                outBuffer[i] = 0;
            }
            writeStartedNanos = System.nanoTime() | 1; // never 0, which means no write
            try {
                out.write(outBuffer, 0, paddedLength);
            } catch (IOException e) {
                context.stats().dropped();
                close();
            } finally {
                writeStartedNanos = 0;
            }
        } finally {
            writeLock.unlock();
        }
    }

    InetSocketAddress client() {
        return tuple.client();
    }

    /** Whether a write has been blocked for longer than {@code timeoutNanos} at {@code nowNanos}. */
    boolean writeBlockedLongerThan(long timeoutNanos, long nowNanos) {
        long started = writeStartedNanos;
        return started != 0 && nowNanos - started > timeoutNanos;
    }

    /**
     * Disconnects at once, dropping what is unsent (a reset, with SO_LINGER 0): the blocked write fails, the reading
     * thread ends, and the allocation with it. An SSLSocket with SO_LINGER set does not wait for the write in progress
     * to send its close_notify.
     */
    void abort() {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            log.debug("TURN connection linger not set", e);
        }
        close();
    }

    void close() {
        try {
            socket.close();
        } catch (IOException e) {
            log.debug("TURN connection close failed", e);
        }
    }
}
