package dev.hibiki.ice;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One ICE-TCP connection a browser opened to a passive candidate (RFC 6544), as the transport of the session it
 * checks: every STUN, DTLS and SRTP message travels in an RFC 4571 frame (a 16-bit length, then the message).
 *
 * <p>A reader thread hands each frame to the server's dispatch. Sends come from the SFU's forwarding threads, which
 * must never wait for a slow TCP peer: a send copies the frame into a bounded queue that a writer thread drains,
 * and a full queue drops the frame, as a congested UDP path would lose it.
 */
final class IceTcpConnection implements IceTransport {

    /** Frames waiting for the writer; at ~1,200 bytes each, about 1 MB. */
    static final int QUEUE_FRAMES = 1024;
    /** A client that sends nothing for this long is gone (ICE consent checks come every few seconds). */
    static final int READ_TIMEOUT_MILLIS = 30_000;
    private static final int MAX_FRAME = 65_535;

    /** Where received frames go: the server's dispatch, one frame at a time. */
    @FunctionalInterface
    interface FrameSink {
        /** @return false to close the connection (e.g. its first frame is not STUN) */
        boolean frame(byte[] buf, int len, InetSocketAddress source, IceTcpConnection via);
    }

    private final Socket socket;
    private final InetSocketAddress remote;
    private final IceCounters counters;
    private final BlockingQueue<byte[]> outgoing = new ArrayBlockingQueue<>(QUEUE_FRAMES);
    private volatile boolean closed;

    IceTcpConnection(Socket socket, IceCounters counters) {
        this.socket = socket;
        this.remote = (InetSocketAddress) socket.getRemoteSocketAddress();
        this.counters = counters;
    }

    InetSocketAddress remote() {
        return remote;
    }

    @Override
    public String protocol() {
        return "tcp";
    }

    /** Queues the message as one frame to this connection's peer (the only address it reaches). */
    @Override
    public boolean sendTo(byte[] buf, int off, int len, InetSocketAddress to) {
        if (closed || len > MAX_FRAME) {
            counters.increment(IceCounter.SEND_FAILURES);
            return false;
        }
        byte[] frame = new byte[len + 2];
        frame[0] = (byte) (len >>> 8);
        frame[1] = (byte) len;
        System.arraycopy(buf, off, frame, 2, len);
        if (!outgoing.offer(frame)) {
            counters.increment(IceCounter.SEND_FAILURES);
            return false;
        }
        counters.increment(IceCounter.PACKETS_SENT);
        counters.add(IceCounter.BYTES_SENT, len);
        return true;
    }

    /** Reads frames until the peer closes, stays silent too long, or the sink refuses one; then closes. */
    void readLoop(FrameSink sink) {
        byte[] buf = new byte[MAX_FRAME];
        try {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            while (!closed) {
                int len = in.readUnsignedShort();
                in.readFully(buf, 0, len);
                if (len == 0 || !sink.frame(buf, len, remote, this)) break;
            }
        } catch (EOFException | SocketTimeoutException e) {
            // the peer left, or went silent
        } catch (IOException e) {
            if (!closed) counters.increment(IceCounter.RECEIVE_ERRORS);
        } finally {
            close();
        }
    }

    /** Writes queued frames until the connection closes. */
    void writeLoop() {
        try {
            OutputStream out = socket.getOutputStream();
            while (!closed) {
                byte[] frame = outgoing.poll(1, TimeUnit.SECONDS);
                if (frame == null) continue;
                out.write(frame);
                // Coalesce what is already queued into the same TCP segment before flushing.
                byte[] next;
                while ((next = outgoing.poll()) != null) out.write(next);
                out.flush();
            }
        } catch (IOException e) {
            if (!closed) counters.increment(IceCounter.SEND_FAILURES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
        }
    }

    void close() {
        if (closed) return;
        closed = true;
        outgoing.clear();
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "tcp:" + remote;
    }
}
