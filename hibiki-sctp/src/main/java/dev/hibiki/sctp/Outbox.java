package dev.hibiki.sctp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where the association's packets are made: one {@link PacketBuilder} reused for every packet, control chunks waiting
 * to be bundled with the next packet, and the packets themselves, copied and posted to the {@link Dispatcher} so
 * that the sender is called outside the lock. Used under the association's lock.
 */
final class Outbox {
    static final byte[] COOKIE_ACK = {Chunk.COOKIE_ACK, 0, 0, 4};

    private final PacketBuilder out = new PacketBuilder();
    private final List<byte[]> controlChunks = new ArrayList<>();
    private final SctpPacketSender sender;
    private final Dispatcher dispatcher;
    private final int localPort;
    private final int remotePort;
    private long packetsSent;
    private long bytesSent;

    Outbox(SctpPacketSender sender, Dispatcher dispatcher, SctpOptions options) {
        this.sender = sender;
        this.dispatcher = dispatcher;
        this.localPort = options.localPort();
        this.remotePort = options.remotePort();
    }

    long packetsSent() {
        return packetsSent;
    }

    long bytesSent() {
        return bytesSent;
    }

    /** Starts a packet to the peer with this verification tag; {@link #emit} sends it. */
    PacketBuilder begin(int tag) {
        out.begin(localPort, remotePort, tag);
        return out;
    }

    void emit() {
        byte[] packet = out.finish();
        packetsSent++;
        bytesSent += packet.length;
        dispatcher.post(() -> sender.send(packet, 0, packet.length));
    }

    /** A packet of one chunk without a value (SHUTDOWN-ACK, SHUTDOWN-COMPLETE). */
    void sendBareChunk(int tag, int type) {
        begin(tag).beginChunk(type, 0);
        out.endChunk();
        emit();
    }

    void sendShutdown(int tag, long cumulativeTsn) {
        begin(tag).beginChunk(Chunk.SHUTDOWN, 0);
        out.putInt((int) cumulativeTsn);
        out.endChunk();
        emit();
    }

    void sendCookieEcho(int tag, byte[] cookie) {
        begin(tag).beginChunk(Chunk.COOKIE_ECHO, 0);
        out.putBytes(cookie, 0, cookie.length);
        out.endChunk();
        emit();
    }

    /** ABORT with a "User-Initiated Abort" cause carrying the reason. */
    void sendAbort(int tag, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(text.length, 256);
        begin(tag).beginChunk(Chunk.ABORT, 0);
        out.putShort(Chunk.CAUSE_USER_ABORT);
        out.putShort(4 + length);
        out.putBytes(text, 0, length);
        out.endChunk();
        emit();
    }

    void queueControl(byte[] chunk) {
        controlChunks.add(chunk);
    }

    void clearControl() {
        controlChunks.clear();
    }

    /** Puts the waiting control chunks that fit into the current packet; one too large for any packet is dropped. */
    void writeControl() {
        while (!controlChunks.isEmpty()
                && (Chunk.padded(controlChunks.getFirst().length) <= out.remaining() || out.isEmpty())) {
            byte[] chunk = controlChunks.removeFirst();
            if (chunk.length <= out.remaining()) {
                out.putChunk(chunk);
            }
        }
    }

    /** The current chunk of {@code in} with another type: HEARTBEAT-ACK echoes the HEARTBEAT's value. */
    static byte[] echo(SctpPacket in, int type) {
        byte[] chunk = Arrays.copyOfRange(in.array(), in.chunkOffset(), in.chunkOffset() + in.chunkLength());
        chunk[0] = (byte) type;
        return chunk;
    }

    /** ERROR with "Unrecognized Chunk Type" carrying the current chunk of {@code in} (RFC 9260 section 3.2). */
    static byte[] unrecognized(SctpPacket in) {
        int length = Math.min(in.chunkLength(), PacketBuilder.MAX_PACKET - 64);
        byte[] chunk = new byte[8 + length];
        chunk[0] = Chunk.ERROR;
        chunk[2] = (byte) ((8 + length) >>> 8);
        chunk[3] = (byte) (8 + length);
        chunk[5] = Chunk.CAUSE_UNRECOGNIZED_CHUNK;
        chunk[6] = (byte) ((4 + length) >>> 8);
        chunk[7] = (byte) (4 + length);
        System.arraycopy(in.array(), in.chunkOffset(), chunk, 8, length);
        return chunk;
    }
}
