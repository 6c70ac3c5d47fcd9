package dev.hibiki.turn;

import dev.hibiki.ice.DatagramDestination;
import dev.hibiki.ice.DatagramSendAccelerator;
import dev.hibiki.turn.allocation.ClientSink;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * A client on the UDP listener: its messages leave from the listening socket, one datagram each. The SFU's send
 * workers send relayed media to every UDP client through this one socket ({@code MediaPortRelayTransport}): the
 * JDK's send takes the channel's lock, which they would contend for, and copies into a temporary buffer, so platform
 * threads send through the media port's {@link DatagramSendAccelerator} where one serves the socket. Virtual threads
 * (a relay socket's reader) keep to the JDK: an accelerator's sender holds native buffers per thread.
 */
final class UdpClientSink implements ClientSink {
    private final DatagramChannel channel;
    private final InetSocketAddress client;
    private final DatagramDestination destination;
    private final ThreadLocal<DatagramSendAccelerator.Sender> fastSenders;
    private final TurnStats stats;

    UdpClientSink(DatagramChannel channel, InetSocketAddress client,
                  ThreadLocal<DatagramSendAccelerator.Sender> fastSenders, TurnStats stats) {
        this.channel = channel;
        this.client = client;
        this.destination = DatagramDestination.of(client);
        this.fastSenders = fastSenders;
        this.stats = stats;
    }

    @Override
    public void sendMessage(ByteBuffer message) {
        send(message);
    }

    @Override
    public void sendChannelData(ByteBuffer channelData) {
        send(channelData); // no padding over UDP
    }

    private void send(ByteBuffer datagram) {
        if (datagram.hasArray() && !Thread.currentThread().isVirtual()) {
            DatagramSendAccelerator.Sender fast = fastSenders.get();
            if (fast != null && fast.send(datagram.array(), datagram.arrayOffset() + datagram.position(),
                    datagram.remaining(), destination)) {
                datagram.position(datagram.limit());
                return;
            }
        }
        try {
            channel.send(datagram, client);
        } catch (IOException e) {
            stats.dropped();
        }
    }
}
