package dev.hibiki.ice;

import dev.hibiki.ice.ffm.FfmSendAccelerator;

import java.net.DatagramSocket;
import java.util.concurrent.atomic.AtomicLong;

/** The FFM accelerator, counting the datagrams it sent; listed first for {@link java.util.ServiceLoader} in tests. */
public final class RecordingSendAccelerator implements DatagramSendAccelerator {
    static final AtomicLong SENT = new AtomicLong();
    private final FfmSendAccelerator delegate = new FfmSendAccelerator();

    @Override
    public String name() {
        return delegate.name() + " (counted by the test)";
    }

    @Override
    public Sender open(DatagramSocket socket) throws Exception {
        Sender inner = delegate.open(socket);
        return (buf, off, len, remote) -> {
            boolean sent = inner.send(buf, off, len, remote);
            if (sent) SENT.incrementAndGet();
            return sent;
        };
    }
}
