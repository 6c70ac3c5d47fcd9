package dev.hibiki.sctp;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what an association reports. */
final class RecordingListener implements SctpListener {
    record Message(DataChannel channel, byte[] data, boolean binary) {
        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    final List<DataChannel> opened = new CopyOnWriteArrayList<>();
    final List<DataChannel> closedChannels = new CopyOnWriteArrayList<>();
    final List<Message> messages = new CopyOnWriteArrayList<>();
    final List<String> closed = new CopyOnWriteArrayList<>();
    volatile boolean established;

    @Override
    public void onEstablished(SctpAssociation association) {
        established = true;
    }

    @Override
    public void onChannelOpen(DataChannel channel) {
        opened.add(channel);
    }

    @Override
    public void onMessage(DataChannel channel, byte[] data, boolean binary) {
        messages.add(new Message(channel, data, binary));
    }

    @Override
    public void onChannelClosed(DataChannel channel) {
        closedChannels.add(channel);
    }

    @Override
    public void onClosed(SctpAssociation association, String reason) {
        closed.add(reason);
    }
}
