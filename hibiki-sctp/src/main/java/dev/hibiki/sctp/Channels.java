package dev.hibiki.sctp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The association's data channels by stream id: choosing ids (even for the DTLS client, odd for the server, RFC 8832
 * section 6), DCEP (OPEN answered with ACK, our OPEN's ACK), handing messages to the listener, and closing by stream
 * reset in both directions (RFC 8831 section 6.7). Used under the association's lock; listener calls are posted to
 * the dispatcher.
 */
final class Channels {
    private static final Logger LOG = LoggerFactory.getLogger(Channels.class);

    private final SctpAssociation association;
    private final SctpListener listener;
    private final Dispatcher dispatcher;
    private final Map<Integer, DataChannel> byStream = new LinkedHashMap<>();
    private final List<OutgoingMessage> beforeEstablished = new ArrayList<>();
    private final int firstStreamId;
    private StreamReset streamReset;

    Channels(SctpAssociation association, SctpRole role, SctpListener listener, Dispatcher dispatcher) {
        this.association = association;
        this.listener = listener;
        this.dispatcher = dispatcher;
        this.firstStreamId = role.firstStreamId();
    }

    Collection<DataChannel> snapshot() {
        return List.copyOf(byStream.values());
    }

    DataChannel open(String label, DataChannelOptions options, int streams, boolean established) {
        int id = options.negotiatedId() != null ? options.negotiatedId() : freeStreamId(streams);
        if (byStream.containsKey(id)) {
            throw new IllegalStateException("stream " + id + " is taken");
        }
        DataChannel channel = new DataChannel(association, id, label, options.protocol(), options.ordered(),
                options.maxRetransmits(), options.maxPacketLifeTimeMs());
        byStream.put(id, channel);
        if (options.negotiatedId() == null) {
            association.enqueueReliable(channel, DcepMessage.PPID, DcepMessage.open(label, options).encode());
        } else {
            channel.acknowledged = true;
            if (established) {
                dispatcher.post(() -> listener.onChannelOpen(channel));
            }
        }
        return channel;
    }

    private int freeStreamId(int streams) {
        for (int id = firstStreamId; id < streams; id += 2) {
            if (!byStream.containsKey(id)) {
                return id;
            }
        }
        throw new IllegalStateException("no free stream id");
    }

    void queue(OutgoingMessage m, SendQueue sendQueue) {
        if (sendQueue == null) {
            beforeEstablished.add(m);
        } else {
            sendQueue.enqueue(m);
        }
    }

    void established(SendQueue sendQueue, StreamReset streamReset) {
        this.streamReset = streamReset;
        beforeEstablished.forEach(sendQueue::enqueue);
        beforeEstablished.clear();
        for (DataChannel channel : byStream.values()) {
            if (channel.acknowledged) {
                dispatcher.post(() -> listener.onChannelOpen(channel));
            }
        }
    }

    void deliver(int stream, int ppid, byte[] message) {
        if (ppid == DcepMessage.PPID) {
            onDcep(stream, message);
            return;
        }
        DataChannel channel = byStream.get(stream);
        if (channel == null || channel.closed || !DataChannel.isUserMessage(ppid)) {
            LOG.debug("SCTP message with PPID {} on stream {} dropped: no channel takes it", ppid, stream);
            return;
        }
        byte[] data = DataChannel.isEmptyMessage(ppid) ? new byte[0] : message;
        boolean binary = DataChannel.isBinary(ppid);
        dispatcher.post(() -> listener.onMessage(channel, data, binary));
    }

    private void onDcep(int stream, byte[] message) {
        DataChannel existing = byStream.get(stream);
        if (DcepMessage.isAck(message)) {
            if (existing != null && !existing.acknowledged) {
                existing.acknowledged = true;
                dispatcher.post(() -> listener.onChannelOpen(existing));
            }
            return;
        }
        DcepMessage open = DcepMessage.parseOpen(message);
        if (open == null || existing != null) {
            LOG.debug("DCEP message on stream {} dropped (malformed, or the stream is in use)", stream);
            return;
        }
        DataChannel channel = new DataChannel(association, stream, open.label(), open.protocol(), open.ordered(),
                open.maxRetransmits(), open.maxPacketLifeTimeMs());
        channel.acknowledged = true;
        byStream.put(stream, channel);
        association.enqueueReliable(channel, DcepMessage.PPID, DcepMessage.ack());
        dispatcher.post(() -> listener.onChannelOpen(channel));
    }

    /** What stream resets do to channels. */
    StreamReset.Streams resetTarget(LongSupplier cumulativeTsn, SendQueue sendQueue) {
        return new StreamReset.Streams() {
            @Override
            public void incomingReset(int[] streams) {
                for (int s : streams) {
                    association.incomingStreamReset(s);
                    DataChannel channel = byStream.get(s);
                    if (channel == null) {
                        continue;
                    }
                    channel.incomingReset = true;
                    if (!channel.closing) {
                        channel.closing = true;
                        streamReset.requestReset(s);
                    }
                    closeIfBothReset(channel);
                }
            }

            @Override
            public void outgoingReset(int[] streams) {
                for (int s : streams) {
                    sendQueue.resetStream(s);
                    DataChannel channel = byStream.get(s);
                    if (channel != null) {
                        channel.outgoingReset = true;
                        closeIfBothReset(channel);
                    }
                }
            }

            @Override
            public long cumulativeTsn() {
                return cumulativeTsn.getAsLong();
            }
        };
    }

    private void closeIfBothReset(DataChannel channel) {
        if (channel.incomingReset && channel.outgoingReset) {
            closed(channel);
        }
    }

    /** The channel is gone: its id is free again and the listener hears of it once. */
    void closed(DataChannel channel) {
        channel.closing = true;
        if (channel.closed) {
            return;
        }
        channel.closed = true;
        byStream.remove(channel.streamId(), channel);
        dispatcher.post(() -> listener.onChannelClosed(channel));
    }

    void closeAll() {
        for (DataChannel channel : List.copyOf(byStream.values())) {
            closed(channel);
        }
    }
}
