package dev.hibiki.turn;

import dev.hibiki.ice.DatagramSendAccelerator;
import dev.hibiki.ice.SendAcceleration;
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
    /** Per sending thread, the accelerator's sender on this socket, or null: the JDK sends (see UdpClientSink). */
    private final ThreadLocal<DatagramSendAccelerator.Sender> fastSenders;
    private Thread thread;

    private UdpTurnListener(DatagramChannel channel, TurnContext context) throws IOException {
        this.channel = channel;
        this.localAddress = (InetSocketAddress) channel.getLocalAddress();
        this.context = context;
        SendAcceleration acceleration = SendAcceleration.load("TURN");
        this.fastSenders = ThreadLocal.withInitial(() -> acceleration.open(channel.socket()));
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
        // A client sends bursts, and the channel hands back the same address object for the same sender: keeping the
        // last sender's tuple and sink spares two objects per datagram.
        InetSocketAddress lastClient = null;
        FiveTuple tuple = null;
        UdpClientSink sink = null;
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
            if (!client.equals(lastClient)) {
                lastClient = client;
                tuple = new FiveTuple(FiveTuple.ClientTransport.UDP, client, localAddress);
                sink = new UdpClientSink(channel, client, fastSenders, context.stats());
            }
            try {
                handler.onMessage(tuple, sink, buffer);
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
