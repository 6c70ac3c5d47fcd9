package dev.hibiki.turn;

import dev.hibiki.ice.stun.StunClass;
import dev.hibiki.ice.stun.StunMessage;
import dev.hibiki.turn.allocation.Allocation;
import dev.hibiki.turn.allocation.ClientSink;
import dev.hibiki.turn.allocation.FiveTuple;
import dev.hibiki.turn.proto.ChannelData;
import dev.hibiki.turn.proto.TurnAttribute;
import dev.hibiki.turn.proto.TurnMethod;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Everything a client sends, one message at a time: requests go to the {@link TurnRequestHandler}; Send indications
 * and ChannelData are relayed to their peer through the client's allocation. Malformed input and data without an
 * allocation, permission or channel are counted and dropped. One instance per reading thread.
 */
final class ClientMessageHandler {
    private final TurnContext context;
    private final TurnRequestHandler requests;
    private final StunMessage message = new StunMessage();

    ClientMessageHandler(TurnContext context) {
        this.context = context;
        this.requests = new TurnRequestHandler(context);
    }

    /**
     * Handles the array-backed buffer's remaining bytes, a STUN message or ChannelData; {@code sink} reaches the
     * client. The buffer's position and limit may be moved.
     */
    void onMessage(FiveTuple tuple, ClientSink sink, ByteBuffer frame) {
        byte[] b = frame.array();
        int off = frame.arrayOffset() + frame.position();
        int len = frame.remaining();
        if (ChannelData.looksLikeChannelData(b, off, len)) {
            onChannelData(tuple, frame, b, off, len);
        } else if (message.wrap(b, off, len) && (!message.hasFingerprint() || message.checkFingerprint())) {
            if (message.messageClass() == StunClass.REQUEST) {
                requests.onRequest(message, tuple, sink);
            } else if (message.messageType() == TurnMethod.SEND_INDICATION) {
                onSend(tuple, frame);
            }
            // Other indications and stray responses need no answer.
        } else {
            context.stats().malformed();
        }
    }

    private void onChannelData(FiveTuple tuple, ByteBuffer frame, byte[] b, int off, int len) {
        if (!ChannelData.isComplete(b, off, len)) {
            context.stats().malformed();
            return;
        }
        Allocation allocation = context.allocations().find(tuple);
        InetSocketAddress peer = allocation == null ? null : allocation.peerOf(ChannelData.channel(b, off), context.now());
        if (peer == null) {
            context.stats().dropped();
            return;
        }
        int dataStart = frame.position() + ChannelData.HEADER_LENGTH;
        frame.limit(dataStart + ChannelData.dataLength(b, off)).position(dataStart);
        allocation.sendToPeer(frame, peer);
    }

    private void onSend(FiveTuple tuple, ByteBuffer frame) {
        Allocation allocation = context.allocations().find(tuple);
        if (allocation == null) {
            context.stats().dropped();
            return;
        }
        int peerAt = message.findAttribute(TurnAttribute.XOR_PEER_ADDRESS);
        int dataAt = message.findAttribute(TurnAttribute.DATA);
        InetSocketAddress peer = peerAt < 0 ? null : message.xorAddressAt(peerAt);
        if (peer == null || dataAt < 0) {
            context.stats().malformed();
            return;
        }
        if (!context.config().peerPolicy().allows(peer)) {
            context.stats().refusedPeer();
            return;
        }
        int dataStart = dataAt - frame.arrayOffset();
        frame.limit(dataStart + message.attributeLength(dataAt)).position(dataStart);
        allocation.sendToPeer(frame, peer);
    }
}
