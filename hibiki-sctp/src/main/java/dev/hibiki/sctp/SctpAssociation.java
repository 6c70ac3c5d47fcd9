package dev.hibiki.sctp;

import java.security.SecureRandom;
import java.util.Collection;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SCTP association over DTLS (RFC 8261) carrying WebRTC data channels (RFC 8831, 8832): the handshake with a
 * signed state cookie, INIT collision, SACK-driven reliable delivery, partial reliability, stream reset and graceful
 * shutdown. Packets come in through {@link #onPacket} and leave through the {@link SctpPacketSender}.
 *
 * <p>Thread-safe: one lock guards the whole state; every public method and every timer takes it. The sender and the
 * listener are called after the lock is released, in order, one call at a time ({@link Dispatcher}).
 */
public final class SctpAssociation implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SctpAssociation.class);
    private static final int MAX_RETRANSMITS = 10;

    private enum State {
        CLOSED, COOKIE_WAIT, COOKIE_ECHOED, ESTABLISHED, SHUTDOWN_PENDING, SHUTDOWN_SENT, SHUTDOWN_RECEIVED,
        SHUTDOWN_ACK_SENT, TERMINATED
    }

    final Object lock = new Object();
    private final SctpRole role;
    private final SctpListener listener;
    private final SctpOptions options;
    private final LongSupplier nanoClock;
    private final Dispatcher dispatcher = new Dispatcher();
    private final SctpPacket in = new SctpPacket();
    private final Outbox outbox;
    private final Handshake handshake;
    private final SctpTimer t1;
    private final SctpTimer t2;
    private final SctpTimer t3;
    private final SctpTimer sackTimer;
    private final SctpTimer reconfigTimer;
    private final Channels channels;
    private final Counters counters = new Counters();

    private State state = State.CLOSED;
    private boolean started;
    private int peerTag;
    private int errorCount;
    /** Null until established. */
    private DataPath data;
    private SendQueue sendQueue;
    private int peerInboundStreams = Handshake.STREAMS;
    private boolean peerReconfig;

    public SctpAssociation(SctpRole role, SctpPacketSender sender, SctpListener listener,
                           ScheduledExecutorService timers, SctpOptions options) {
        this(role, sender, listener, timers, options, System::nanoTime, new SecureRandom());
    }

    /** With a clock and a source of tags, TSNs and the cookie key of the test's choosing. */
    SctpAssociation(SctpRole role, SctpPacketSender sender, SctpListener listener, ScheduledExecutorService timers,
                    SctpOptions options, LongSupplier nanoClock, RandomGenerator random) {
        this.role = role;
        this.listener = listener;
        this.options = options;
        this.nanoClock = nanoClock;
        this.t1 = new SctpTimer(timers, lock, dispatcher, this::onT1Expired);
        this.t2 = new SctpTimer(timers, lock, dispatcher, this::onT2Expired);
        this.t3 = new SctpTimer(timers, lock, dispatcher, this::onT3Expired);
        this.outbox = new Outbox(sender, dispatcher, options);
        this.handshake = new Handshake(outbox, random, nanoClock, options.receiveWindow());
        this.sackTimer = new SctpTimer(timers, lock, dispatcher, () -> {
            data.sackDue();
            transmit();
        });
        this.reconfigTimer = new SctpTimer(timers, lock, dispatcher, () -> {
            data.retransmitReconfig();
            transmit();
        });
        this.channels = new Channels(this, role, listener, dispatcher);
    }

    /** CLIENT: sends INIT and retransmits it until answered. SERVER: nothing; an INIT from the peer is answered. */
    public void start() {
        synchronized (lock) {
            if (started || state != State.CLOSED) {
                return;
            }
            started = true;
            if (role == SctpRole.CLIENT) {
                state = State.COOKIE_WAIT;
                t1.start(handshake.sendInit());
            }
        }
        dispatcher.drain();
    }

    /** One inbound packet (one DTLS application data record). Never throws: what is wrong is dropped and counted. */
    public void onPacket(byte[] buf, int off, int len) {
        synchronized (lock) {
            counters.packetsReceived++;
            counters.bytesReceived += Math.max(len, 0);
            try {
                if (!receive(buf, off, len)) {
                    counters.packetsDropped++;
                }
            } catch (RuntimeException e) {
                // a bug, not the peer's fault alone: the packet is dropped so that the DTLS thread carries on
                LOG.warn("SCTP packet dropped after an internal error", e);
                counters.packetsDropped++;
                counters.internalErrors++;
            }
        }
        dispatcher.drain();
    }

    /**
     * Opens a channel: with DCEP on a fresh stream id of our parity (even for the DTLS client, odd for the server),
     * or on {@code options.negotiatedId()} without DCEP. It can send at once; messages queue until the association is
     * established.
     *
     * @throws IllegalStateException if the association is closing or closed, or the stream id is taken
     */
    public DataChannel openChannel(String label, DataChannelOptions options) {
        DataChannel channel;
        synchronized (lock) {
            if (state.compareTo(State.ESTABLISHED) > 0) {
                throw new IllegalStateException("association is " + state);
            }
            channel = channels.open(label, options, Math.min(Handshake.STREAMS, peerInboundStreams),
                    state == State.ESTABLISHED);
            transmit();
        }
        dispatcher.drain();
        return channel;
    }

    public boolean isEstablished() {
        synchronized (lock) {
            return state == State.ESTABLISHED;
        }
    }

    /** The open and closing channels, a snapshot. */
    public Collection<DataChannel> channels() {
        synchronized (lock) {
            return channels.snapshot();
        }
    }

    public SctpStats stats() {
        synchronized (lock) {
            Counters c = counters;
            return new SctpStats(c.packetsReceived, c.bytesReceived, outbox.packetsSent(), outbox.bytesSent(),
                    c.packetsDropped, c.malformedPackets + (data == null ? 0 : data.malformedChunks()),
                    data == null ? 0 : sendQueue.chunksRetransmitted(), c.messagesSent,
                    data == null ? 0 : data.messagesReceived(), data == null ? 0 : sendQueue.messagesAbandoned());
        }
    }

    /** Exceptions {@link #onPacket} caught: zero unless there is a bug (the fuzz test checks it). */
    long internalErrors() {
        synchronized (lock) {
            return counters.internalErrors;
        }
    }

    /**
     * Ends the association: once established, with SHUTDOWN after everything queued was acknowledged; before, at
     * once. {@link SctpListener#onClosed} follows either way. Idempotent.
     */
    @Override
    public void close() {
        synchronized (lock) {
            switch (state) {
                case ESTABLISHED -> {
                    state = State.SHUTDOWN_PENDING;
                    advanceShutdown();
                }
                case CLOSED, COOKIE_WAIT, COOKIE_ECHOED -> terminate("closed");
                default -> { }
            }
        }
        dispatcher.drain();
    }

    /** Sends ABORT (when the peer's tag is known) and ends the association at once. */
    public void abort(String reason) {
        synchronized (lock) {
            abortLocked(reason);
        }
        dispatcher.drain();
    }

    // ---- called by DataChannel and Channels, under or taking the lock

    void send(DataChannel channel, int ppid, byte[] data) {
        synchronized (lock) {
            if (data.length > options.maxMessageSize()) {
                throw new IllegalArgumentException("message of " + data.length + " bytes is larger than "
                        + options.maxMessageSize());
            }
            if (channel.closing || channel.closed || state.compareTo(State.ESTABLISHED) > 0) {
                throw new IllegalStateException(channel + " is closed");
            }
            boolean unordered = !channel.ordered() && channel.acknowledged;
            long expires = channel.maxPacketLifeTimeMs() == null ? Long.MAX_VALUE
                    : nanoClock.getAsLong() + channel.maxPacketLifeTimeMs() * 1_000_000L;
            int maxRetransmits = channel.maxRetransmits() == null ? OutgoingMessage.UNLIMITED
                    : channel.maxRetransmits();
            enqueue(new OutgoingMessage(channel, channel.streamId(), ppid, data, unordered, maxRetransmits, expires));
            transmit();
        }
        dispatcher.drain();
    }

    /** Queues a message that must arrive (DCEP), ordered. */
    void enqueueReliable(DataChannel channel, int ppid, byte[] data) {
        enqueue(new OutgoingMessage(channel, channel.streamId(), ppid, data, false, OutgoingMessage.UNLIMITED,
                Long.MAX_VALUE));
    }

    private void enqueue(OutgoingMessage m) {
        counters.messagesSent++;
        if (m.channel != null) {
            m.channel.queued(m.data.length);
        }
        channels.queue(m, sendQueue);
    }

    void closeChannel(DataChannel channel) {
        synchronized (lock) {
            if (channel.closing || channel.closed) {
                return;
            }
            channel.closing = true;
            if (state == State.ESTABLISHED && peerReconfig) {
                data.streamReset().requestReset(channel.streamId());
                transmit();
            } else {
                channels.closed(channel);
            }
        }
        dispatcher.drain();
    }

    // ---- inbound

    private boolean receive(byte[] buf, int off, int len) {
        if (state == State.TERMINATED) {
            return false;
        }
        if (!in.wrap(buf, off, len)) {
            counters.malformedPackets++;
            return false;
        }
        if (!in.checksumValid() || in.destinationPort() != options.localPort()) {
            return false;
        }
        in.nextChunk();
        int first = in.chunkType();
        int tag = in.verificationTag();
        if (first == Chunk.INIT) {
            if (tag != 0 || in.chunkCount() != 1) {
                return false;
            }
            return onInit();
        }
        boolean reflected = (in.chunkFlags() & Chunk.FLAG_TAG_REFLECTED) != 0;
        int localTag = handshake.localTag();
        if (first == Chunk.ABORT || first == Chunk.SHUTDOWN_COMPLETE) {
            if (!(tag == localTag && localTag != 0) && !(reflected && tag == peerTag && peerTag != 0)) {
                return false;
            }
        } else if (first == Chunk.COOKIE_ECHO) {
            if (!onCookieEcho(tag)) {
                return false;
            }
            if (!in.nextChunk()) {
                transmit();
                return true;
            }
        } else if (tag != localTag || localTag == 0) {
            return false;
        }
        boolean dataChunks = false;
        boolean immediate = false;
        do {
            int type = in.chunkType();
            switch (type) {
                case Chunk.DATA -> {
                    if (data != null && state != State.SHUTDOWN_ACK_SENT) {
                        dataChunks = true;
                        immediate |= data.onData(in);
                    }
                }
                case Chunk.INIT_ACK -> onInitAck();
                case Chunk.SACK -> onSack();
                case Chunk.HEARTBEAT -> outbox.queueControl(Outbox.echo(in, Chunk.HEARTBEAT_ACK));
                case Chunk.HEARTBEAT_ACK, Chunk.COOKIE_ECHO -> { }
                case Chunk.ABORT -> {
                    terminate("aborted by peer" + causeText());
                    return true;
                }
                case Chunk.SHUTDOWN -> onShutdown();
                case Chunk.SHUTDOWN_ACK -> onShutdownAck();
                case Chunk.SHUTDOWN_COMPLETE -> {
                    if (state == State.SHUTDOWN_ACK_SENT) {
                        terminate("shutdown");
                    }
                    return true;
                }
                case Chunk.ERROR -> LOG.debug("SCTP peer reported an error{}", causeText());
                case Chunk.COOKIE_ACK -> {
                    if (state == State.COOKIE_ECHOED) {
                        establish(handshake.acknowledged());
                    }
                }
                case Chunk.RE_CONFIG -> {
                    if (data != null) {
                        data.onReconfig(in);
                    }
                }
                case Chunk.FORWARD_TSN -> {
                    if (data != null) {
                        dataChunks = true;
                        immediate = true;
                        data.onForwardTsn(in);
                    }
                }
                default -> {
                    if ((type & 0x40) != 0) {
                        outbox.queueControl(Outbox.unrecognized(in));
                    }
                    if ((type & 0x80) == 0) {
                        return true;
                    }
                }
            }
        } while (state != State.TERMINATED && in.nextChunk());
        if (dataChunks) {
            data.afterData(immediate || state.compareTo(State.ESTABLISHED) > 0);
        }
        transmit();
        return true;
    }

    private boolean onInit() {
        if (!handshake.answerInit(in)) {
            counters.malformedPackets++;
            return false;
        }
        return true;
    }

    private void onInitAck() {
        if (state != State.COOKIE_WAIT) {
            return;
        }
        int tag = handshake.onInitAck(in);
        if (tag == 0) {
            counters.malformedPackets++;
            return;
        }
        peerTag = tag;
        state = State.COOKIE_ECHOED;
        t1.start(handshake.timeoutMs());
    }

    private boolean onCookieEcho(int tag) {
        StateCookie c = handshake.verify(in, tag);
        if (c == null) {
            return false;
        }
        switch (state) {
            case CLOSED -> handshake.adopt(c);
            case COOKIE_WAIT, COOKIE_ECHOED -> {
                if (c.localTag() != handshake.localTag()) {
                    return false;
                }
            }
            default -> {
                // an established association: the peer lost our COOKIE-ACK; anything else would be a restart
                if (c.localTag() != handshake.localTag() || c.peerTag() != peerTag) {
                    return false;
                }
                outbox.queueControl(Outbox.COOKIE_ACK);
                return true;
            }
        }
        establish(c);
        outbox.queueControl(Outbox.COOKIE_ACK);
        return true;
    }

    private void establish(StateCookie c) {
        peerTag = c.peerTag();
        peerInboundStreams = c.peerInboundStreams();
        peerReconfig = c.peerReconfig();
        state = State.ESTABLISHED;
        t1.stop();
        handshake.done();
        data = new DataPath(c, options, channels, sackTimer, reconfigTimer);
        sendQueue = data.sendQueue();
        dispatcher.post(() -> listener.onEstablished(this));
        channels.established(sendQueue, data.streamReset());
    }

    /** The peer reset its outgoing stream: its next message there starts at SSN 0. */
    void incomingStreamReset(int stream) {
        data.incomingStreamReset(stream);
    }

    private void onSack() {
        if (sendQueue == null) {
            return;
        }
        boolean advanced = sendQueue.onSack(in.array(), in.valueOffset(), in.valueLength(), nanoClock.getAsLong());
        afterAck(advanced);
    }

    private void afterAck(boolean advanced) {
        if (advanced) {
            errorCount = 0;
            t3.stop();
        }
        if (!sendQueue.hasOutstanding()) {
            t3.stop();
        }
        advanceShutdown();
    }

    private void onShutdown() {
        if (sendQueue == null || in.valueLength() < 4) {
            return;
        }
        afterAck(sendQueue.onCumulativeAck(SctpPacket.i32(in.array(), in.valueOffset()), nanoClock.getAsLong()));
        if (state == State.ESTABLISHED || state == State.SHUTDOWN_PENDING) {
            state = State.SHUTDOWN_RECEIVED;
            advanceShutdown();
        } else if (state == State.SHUTDOWN_SENT) {
            sendShutdownAck();
        }
    }

    private void onShutdownAck() {
        if (state == State.SHUTDOWN_SENT || state == State.SHUTDOWN_ACK_SENT) {
            outbox.sendBareChunk(peerTag, Chunk.SHUTDOWN_COMPLETE);
            terminate("shutdown");
        }
    }

    /** SHUTDOWN or SHUTDOWN-ACK once everything we sent is acknowledged (RFC 9260 section 9.2). */
    private void advanceShutdown() {
        if (sendQueue == null || !sendQueue.idle()) {
            return;
        }
        if (state == State.SHUTDOWN_PENDING) {
            state = State.SHUTDOWN_SENT;
            sendShutdown();
            t2.start(sendQueue.rtoMs());
        } else if (state == State.SHUTDOWN_RECEIVED) {
            sendShutdownAck();
        }
    }

    private void sendShutdown() {
        outbox.sendShutdown(peerTag, data.cumulativeTsn());
    }

    private void sendShutdownAck() {
        state = State.SHUTDOWN_ACK_SENT;
        outbox.sendBareChunk(peerTag, Chunk.SHUTDOWN_ACK);
        t2.start(sendQueue.rtoMs());
    }

    // ---- timers

    private void onT1Expired() {
        if (state != State.COOKIE_WAIT && state != State.COOKIE_ECHOED) {
            return;
        }
        long next = handshake.retransmit(state == State.COOKIE_ECHOED);
        if (next < 0) {
            terminate("handshake timed out");
        } else {
            t1.start(next);
        }
    }

    private void onT2Expired() {
        if (++errorCount > MAX_RETRANSMITS) {
            abortLocked("shutdown timed out");
            return;
        }
        if (state == State.SHUTDOWN_SENT) {
            sendShutdown();
        } else if (state == State.SHUTDOWN_ACK_SENT) {
            sendShutdownAck();
            return;
        } else {
            return;
        }
        t2.start(sendQueue.rtoMs());
    }

    private void onT3Expired() {
        if (sendQueue == null || !sendQueue.hasOutstanding()) {
            return;
        }
        if (++errorCount > MAX_RETRANSMITS) {
            abortLocked("too many retransmissions");
            return;
        }
        sendQueue.onRetransmissionTimeout(nanoClock.getAsLong());
        transmit();
    }

    // ---- outbound

    /** Sends what is due: control chunks, a SACK, FORWARD-TSN, RE-CONFIG and DATA, bundled into full packets. */
    private void transmit() {
        if (state == State.TERMINATED || data == null) {
            outbox.clearControl();
            return;
        }
        long now = nanoClock.getAsLong();
        boolean dataAllowed = state == State.ESTABLISHED || state == State.SHUTDOWN_PENDING
                || state == State.SHUTDOWN_RECEIVED;
        while (true) {
            PacketBuilder out = outbox.begin(peerTag);
            outbox.writeControl();
            data.fill(out, dataAllowed, now);
            if (out.isEmpty()) {
                break;
            }
            outbox.emit();
        }
        if (sendQueue.hasOutstanding() && !t3.running()) {
            t3.start(sendQueue.rtoMs());
        }
    }

    private String causeText() {
        if (in.valueLength() < 4) {
            return "";
        }
        int cause = SctpPacket.u16(in.array(), in.valueOffset());
        return " (cause " + cause + ")";
    }

    private void abortLocked(String reason) {
        if (state == State.TERMINATED) {
            return;
        }
        if (peerTag != 0) {
            outbox.sendAbort(peerTag, reason);
        }
        terminate(reason);
    }

    private void terminate(String reason) {
        if (state == State.TERMINATED) {
            return;
        }
        state = State.TERMINATED;
        t1.stop();
        t2.stop();
        t3.stop();
        sackTimer.stop();
        reconfigTimer.stop();
        channels.closeAll();
        dispatcher.post(() -> listener.onClosed(this, reason));
    }

    private static final class Counters {
        long packetsReceived;
        long bytesReceived;
        long packetsDropped;
        long malformedPackets;
        long messagesSent;
        long internalErrors;
    }
}
