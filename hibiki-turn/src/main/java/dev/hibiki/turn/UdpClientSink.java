package dev.hibiki.turn;

import dev.hibiki.turn.allocation.ClientSink;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/** A client on the UDP listener: its messages leave from the listening socket, one datagram each. */
final class UdpClientSink implements ClientSink {
    private final DatagramChannel channel;
    private final InetSocketAddress client;
    private final TurnStats stats;

    UdpClientSink(DatagramChannel channel, InetSocketAddress client, TurnStats stats) {
        this.channel = channel;
        this.client = client;
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
        try {
            channel.send(datagram, client);
        } catch (IOException e) {
            stats.dropped();
        }
    }
}
