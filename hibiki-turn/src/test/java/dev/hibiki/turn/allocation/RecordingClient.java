package dev.hibiki.turn.allocation;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** A client sink that keeps every message, and the counters an allocation reports to. */
final class RecordingClient implements ClientSink, RelayCounters {
    final List<byte[]> messages = new ArrayList<>();
    final List<byte[]> channelData = new ArrayList<>();
    long relayedBytes;
    int relayed;
    int dropped;

    @Override
    public void sendMessage(ByteBuffer message) {
        messages.add(copy(message));
    }

    @Override
    public void sendChannelData(ByteBuffer data) {
        channelData.add(copy(data));
    }

    private static byte[] copy(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    @Override
    public void relayed(int bytes) {
        relayed++;
        relayedBytes += bytes;
    }

    @Override
    public void dropped() {
        dropped++;
    }
}
