package dev.hibiki.turn;

import dev.hibiki.turn.allocation.FiveTuple;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** TURN over UDP: one socket, one thread reading every client's datagrams into one reused buffer. */
final class UdpTurnListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UdpTurnListener.class);

    private final DatagramChannel channel;
    private final InetSocketAddress localAddress;
    private final TurnContext context;
    private Thread thread;

    private UdpTurnListener(DatagramChannel channel, TurnContext context) throws IOException {
        this.channel = channel;
        this.localAddress = (InetSocketAddress) channel.getLocalAddress();
        this.context = context;
    }

    static UdpTurnListener bind(InetSocketAddress address, TurnContext context) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        try {
            channel.bind(address);
            return new UdpTurnListener(channel, context);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    InetSocketAddress localAddress() {
        return localAddress;
    }

    void start() {
        thread = Thread.ofPlatform().daemon().name("turn-udp-" + localAddress.getPort()).start(this::run);
    }

    private void run() {
        ClientMessageHandler handler = new ClientMessageHandler(context);
        ByteBuffer buffer = ByteBuffer.allocate(65536);
        while (channel.isOpen()) {
            SocketAddress from;
            try {
                buffer.clear();
                from = channel.receive(buffer);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                log.debug("TURN UDP receive failed", e);
                continue;
            }
            if (!(from instanceof InetSocketAddress client)) {
                continue;
            }
            buffer.flip();
            try {
                FiveTuple tuple = new FiveTuple(FiveTuple.ClientTransport.UDP, client, localAddress);
                handler.onMessage(tuple, new UdpClientSink(channel, client, context.stats()), buffer);
            } catch (RuntimeException e) {
                context.stats().malformed();
                log.debug("TURN UDP datagram from {} dropped", client, e);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("TURN UDP close failed", e);
        }
        if (thread != null) {
            thread.join(2000);
        }
    }
}
