package dev.hibiki.sctp;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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
    private static final int STREAMS = 65535;
    private static final int MAX_INIT_RETRANSMITS = 8;
    private static final int MAX_RETRANSMITS = 10;
    private static final long DELAYED_SACK_MS = 200;

    private enum State {
        CLOSED, COOKIE_WAIT, COOKIE_ECHOED, ESTABLISHED, SHUTDOWN_PENDING, SHUTDOWN_SENT, SHUTDOWN_RECEIVED,
        SHUTDOWN_ACK_SENT, TERMINATED
    }

    final Object lock = new Object();
    private final SctpRole role;
    private final SctpPacketSender sender;
    private final SctpListener listener;
    private final SctpOptions options;
    private final LongSupplier nanoClock;
    private final Dispatcher dispatcher = new Dispatcher();
    private final SctpPacket in = new SctpPacket();
    private final PacketBuilder out = new PacketBuilder();
    private final StateCookie.Signer cookies;
    private final RandomGenerator random;
    private final List<byte[]> controlChunks = new ArrayList<>();
    private final SctpTimer t1;
    private final SctpTimer t2;
    private final SctpTimer t3;
    private final SctpTimer sackTimer;
    private final SctpTimer reconfigTimer;
    private final Channels channels;
    private final Counters counters = new Counters();

    private State state = State.CLOSED;
    private boolean started;
    private int localTag;
    private int peerTag;
    private int localInitialTsn;
    private InitChunk peerInit;
    private byte[] cookieEcho;
    private int handshakeRetransmits;
    private int errorCount;
    private long t1Ms = RtoEstimator.INITIAL_MS;
    private SendQueue sendQueue;
    private ReceivedTsns received;
    private ReassemblyQueue reassembly;
    private StreamReset streamReset;
    private int peerInboundStreams = STREAMS;
    private boolean peerReconfig;
    private boolean sackNeeded;
    private int packetsUnacknowledged;

    public SctpAssociation(SctpRole role, SctpPacketSender sender, SctpListener listener,
                           ScheduledExecutorService timers, SctpOptions options) {
        this(role, sender, listener, timers, options, System::nanoTime, new SecureRandom());
    }

    /** With a clock and a source of tags, TSNs and the cookie key of the test's choosing. */
    SctpAssociation(SctpRole role, SctpPacketSender sender, SctpListener listener, ScheduledExecutorService timers,
                    SctpOptions options, LongSupplier nanoClock, RandomGenerator random) {
        this.role = role;
        this.sender = sender;
        this.listener = listener;
        this.options = options;
        this.nanoClock = nanoClock;
        this.random = random;
        this.cookies = new StateCookie.Signer(random);
        this.t1 = new SctpTimer(timers, lock, dispatcher, this::onT1Expired);
        this.t2 = new SctpTimer(timers, lock, dispatcher, this::onT2Expired);
        this.t3 = new SctpTimer(timers, lock, dispatcher, this::onT3Expired);
        this.sackTimer = new SctpTimer(timers, lock, dispatcher, () -> {
            sackNeeded = true;
            transmit();
        });
        this.reconfigTimer = new SctpTimer(timers, lock, dispatcher, () -> {
            if (streamReset != null) {
                streamReset.retransmit();
                transmit();
            }
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
                localTag = nonZeroRandom();
                localInitialTsn = random.nextInt();
                state = State.COOKIE_WAIT;
                sendInit();
                t1.start(t1Ms);
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
            channel = channels.open(label, options, Math.min(STREAMS, peerInboundStreams),
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
            return new SctpStats(c.packetsReceived, c.bytesReceived, c.packetsSent, c.bytesSent, c.packetsDropped,
                    c.malformedPackets, sendQueue == null ? 0 : sendQueue.chunksRetransmitted(), c.messagesSent,
                    c.messagesReceived, sendQueue == null ? 0 : sendQueue.messagesAbandoned());
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
                streamReset.requestReset(channel.streamId());
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
        boolean data = false;
        boolean immediate = false;
        do {
            int type = in.chunkType();
            switch (type) {
                case Chunk.DATA -> {
                    data = true;
                    immediate |= onData();
                }
                case Chunk.INIT_ACK -> onInitAck();
                case Chunk.SACK -> onSack();
                case Chunk.HEARTBEAT -> controlChunks.add(echo(Chunk.HEARTBEAT_ACK));
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
                        establish(peerTag, peerInit.initialTsn(), peerInit.advertisedWindow(),
                                peerInit.inboundStreams(), peerInit.forwardTsn(), peerInit.reconfig());
                    }
                }
                case Chunk.RE_CONFIG -> {
                    if (streamReset != null && !streamReset.onChunk(in.array(), in.valueOffset(), in.valueLength())) {
                        counters.malformedPackets++;
                    }
                }
                case Chunk.FORWARD_TSN -> {
                    data = true;
                    immediate = true;
                    onForwardTsn();
                }
                default -> {
                    if ((type & 0x40) != 0) {
                        controlChunks.add(unrecognized());
                    }
                    if ((type & 0x80) == 0) {
                        return true;
                    }
                }
            }
        } while (state != State.TERMINATED && in.nextChunk());
        if (data && received != null) {
            packetsUnacknowledged++;
            streamReset.performDeferred();
            if (immediate || packetsUnacknowledged >= 2 || state.compareTo(State.ESTABLISHED) > 0) {
                sackNeeded = true;
            } else if (!sackTimer.running()) {
                sackTimer.start(DELAYED_SACK_MS);
            }
        }
        transmit();
        return true;
    }

    private boolean onInit() {
        InitChunk init = InitChunk.parse(in.array(), in.valueOffset(), in.valueLength());
        if (init == null) {
            counters.malformedPackets++;
            return false;
        }
        // RFC 9260 5.2.1: an INIT crossing ours is answered with our own tag and TSN, so both handshakes agree
        boolean haveTag = state != State.CLOSED;
        int tag = haveTag ? localTag : nonZeroRandom();
        int tsn = haveTag ? localInitialTsn : random.nextInt();
        byte[] cookie = cookies.sign(new StateCookie(tag, init.initiateTag(), tsn, init.initialTsn(),
                init.advertisedWindow(), init.inboundStreams(), init.forwardTsn(), init.reconfig()), nowMs());
        out.begin(options.localPort(), options.remotePort(), init.initiateTag());
        InitChunk.write(out, Chunk.INIT_ACK, tag, options.receiveWindow(), STREAMS, tsn, cookie);
        emit();
        return true;
    }

    private void onInitAck() {
        if (state != State.COOKIE_WAIT) {
            return;
        }
        InitChunk init = InitChunk.parse(in.array(), in.valueOffset(), in.valueLength());
        if (init == null || init.cookie() == null) {
            counters.malformedPackets++;
            return;
        }
        peerInit = init;
        peerTag = init.initiateTag();
        cookieEcho = init.cookie();
        state = State.COOKIE_ECHOED;
        handshakeRetransmits = 0;
        t1Ms = RtoEstimator.INITIAL_MS;
        sendCookieEcho();
        t1.start(t1Ms);
    }

    private boolean onCookieEcho(int tag) {
        StateCookie c = cookies.verify(in.array(), in.valueOffset(), in.valueLength(), nowMs());
        if (c == null || c.localTag() != tag) {
            return false;
        }
        switch (state) {
            case CLOSED -> {
                localTag = c.localTag();
                localInitialTsn = c.localInitialTsn();
            }
            case COOKIE_WAIT, COOKIE_ECHOED -> {
                if (c.localTag() != localTag) {
                    return false;
                }
            }
            default -> {
                // an established association: the peer lost our COOKIE-ACK; anything else would be a restart
                if (c.localTag() != localTag || c.peerTag() != peerTag) {
                    return false;
                }
                controlChunks.add(new byte[] {Chunk.COOKIE_ACK, 0, 0, 4});
                return true;
            }
        }
        establish(c.peerTag(), c.peerInitialTsn(), c.peerWindow(), c.peerInboundStreams(), c.peerForwardTsn(),
                c.peerReconfig());
        controlChunks.add(new byte[] {Chunk.COOKIE_ACK, 0, 0, 4});
        return true;
    }

    private void establish(int peerTag, int peerInitialTsn, long peerWindow, int peerInbound, boolean forwardTsn,
                           boolean reconfig) {
        this.peerTag = peerTag;
        this.peerInboundStreams = peerInbound;
        this.peerReconfig = reconfig;
        state = State.ESTABLISHED;
        t1.stop();
        cookieEcho = null;
        peerInit = null;
        sendQueue = new SendQueue(localInitialTsn, peerWindow, forwardTsn);
        received = new ReceivedTsns(peerInitialTsn);
        reassembly = new ReassemblyQueue(options.maxMessageSize());
        streamReset = new StreamReset(channels.resetTarget(this::cumulativeTsn, sendQueue), localInitialTsn,
                peerInitialTsn);
        dispatcher.post(() -> listener.onEstablished(this));
        channels.established(sendQueue, streamReset, reconfig);
    }

    /** The peer reset its outgoing stream: its next message there starts at SSN 0. */
    void incomingStreamReset(int stream) {
        reassembly.resetStream(stream);
    }

    private long cumulativeTsn() {
        return received.cumulative();
    }

    private boolean onData() {
        if (received == null || state == State.SHUTDOWN_ACK_SENT || in.valueLength() <= Chunk.DATA_HEADER - 4) {
            counters.malformedPackets += received == null ? 0 : 1;
            return false;
        }
        byte[] b = in.array();
        int p = in.valueOffset();
        int rawTsn = SctpPacket.i32(b, p);
        long tsn = received.unwrap(rawTsn);
        if (received.isDuplicate(tsn)) {
            received.duplicate(rawTsn);
            return true;
        }
        int length = in.valueLength() - 12;
        boolean next = tsn == received.cumulative() + 1;
        if (tsn - received.cumulative() > options.receiveWindow()
                || (!next && reassembly.heldBytes() + length > options.receiveWindow())) {
            return true;
        }
        received.add(tsn);
        reassembly.add(tsn, SctpPacket.u16(b, p + 4), SctpPacket.u16(b, p + 6), SctpPacket.i32(b, p + 8),
                in.chunkFlags(), b, p + 12, length, this::deliver);
        return received.hasGaps();
    }

    private void deliver(int stream, int ppid, byte[] message) {
        counters.messagesReceived++;
        channels.deliver(stream, ppid, message);
    }

    private void onForwardTsn() {
        if (received == null || in.valueLength() < 4) {
            return;
        }
        byte[] b = in.array();
        int p = in.valueOffset();
        long newCumulative = received.unwrap(SctpPacket.i32(b, p));
        if (newCumulative <= received.cumulative()) {
            return;
        }
        reassembly.skipTo(newCumulative);
        received.skipTo(newCumulative);
        for (int q = p + 4; q + 4 <= p + in.valueLength(); q += 4) {
            reassembly.skipStream(SctpPacket.u16(b, q), SctpPacket.u16(b, q + 2), this::deliver);
        }
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
            out.begin(options.localPort(), options.remotePort(), peerTag);
            out.beginChunk(Chunk.SHUTDOWN_COMPLETE, 0);
            out.endChunk();
            emit();
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
        out.begin(options.localPort(), options.remotePort(), peerTag);
        out.beginChunk(Chunk.SHUTDOWN, 0);
        out.putInt((int) received.cumulative());
        out.endChunk();
        emit();
    }

    private void sendShutdownAck() {
        state = State.SHUTDOWN_ACK_SENT;
        out.begin(options.localPort(), options.remotePort(), peerTag);
        out.beginChunk(Chunk.SHUTDOWN_ACK, 0);
        out.endChunk();
        emit();
        t2.start(sendQueue.rtoMs());
    }

    // ---- timers

    private void onT1Expired() {
        if (++handshakeRetransmits > MAX_INIT_RETRANSMITS) {
            terminate("handshake timed out");
            return;
        }
        t1Ms = Math.min(t1Ms * 2, RtoEstimator.MAX_MS);
        if (state == State.COOKIE_WAIT) {
            sendInit();
        } else if (state == State.COOKIE_ECHOED) {
            sendCookieEcho();
        } else {
            return;
        }
        t1.start(t1Ms);
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

    private void sendInit() {
        out.begin(options.localPort(), options.remotePort(), 0);
        InitChunk.write(out, Chunk.INIT, localTag, options.receiveWindow(), STREAMS, localInitialTsn, null);
        emit();
    }

    private void sendCookieEcho() {
        out.begin(options.localPort(), options.remotePort(), peerTag);
        out.beginChunk(Chunk.COOKIE_ECHO, 0);
        out.putBytes(cookieEcho, 0, cookieEcho.length);
        out.endChunk();
        emit();
    }

    /** Sends what is due: control chunks, a SACK, FORWARD-TSN, RE-CONFIG and DATA, bundled into full packets. */
    private void transmit() {
        if (state == State.TERMINATED || peerTag == 0 || (state != State.ESTABLISHED && sendQueue == null)) {
            controlChunks.clear();
            return;
        }
        long now = nanoClock.getAsLong();
        boolean dataAllowed = state == State.ESTABLISHED || state == State.SHUTDOWN_PENDING
                || state == State.SHUTDOWN_RECEIVED;
        while (true) {
            out.begin(options.localPort(), options.remotePort(), peerTag);
            while (!controlChunks.isEmpty()
                    && (Chunk.padded(controlChunks.getFirst().length) <= out.remaining() || out.isEmpty())) {
                byte[] chunk = controlChunks.removeFirst();
                if (chunk.length <= out.remaining()) {
                    out.putChunk(chunk);
                }
            }
            if (sackNeeded && received != null && received.sackLength() <= out.remaining()) {
                received.writeSack(out, Math.max(0, options.receiveWindow() - reassembly.heldBytes()));
                sackNeeded = false;
                packetsUnacknowledged = 0;
                sackTimer.stop();
            }
            if (sendQueue != null && sendQueue.forwardTsnPending()) {
                sendQueue.writeForwardTsn(out);
            }
            if (streamReset != null && streamReset.wantsToSend()
                    && streamReset.write(out, sendQueue::hasQueued, sendQueue.lastAssignedTsn())) {
                reconfigTimer.start(sendQueue.rtoMs());
            }
            if (dataAllowed) {
                while (sendQueue.writeNextChunk(out, now)) {
                    // bundle as many chunks as fit
                }
            }
            if (out.isEmpty()) {
                break;
            }
            emit();
        }
        if (sendQueue != null && sendQueue.hasOutstanding() && !t3.running()) {
            t3.start(sendQueue.rtoMs());
        }
    }

    private void emit() {
        byte[] packet = out.finish();
        counters.packetsSent++;
        counters.bytesSent += packet.length;
        dispatcher.post(() -> sender.send(packet, 0, packet.length));
    }

    private byte[] echo(int type) {
        byte[] chunk = new byte[Chunk.HEADER + in.valueLength()];
        System.arraycopy(in.array(), in.chunkOffset(), chunk, 0, chunk.length);
        chunk[0] = (byte) type;
        return chunk;
    }

    /** ERROR with "Unrecognized Chunk Type" carrying the chunk (RFC 9260 section 3.2). */
    private byte[] unrecognized() {
        int length = Math.min(in.chunkLength(), PacketBuilder.MAX_PACKET - 64);
        byte[] chunk = new byte[8 + Chunk.padded(length)];
        chunk[0] = Chunk.ERROR;
        chunk[2] = (byte) ((8 + length) >>> 8);
        chunk[3] = (byte) (8 + length);
        chunk[5] = Chunk.CAUSE_UNRECOGNIZED_CHUNK;
        chunk[6] = (byte) ((4 + length) >>> 8);
        chunk[7] = (byte) (4 + length);
        System.arraycopy(in.array(), in.chunkOffset(), chunk, 8, length);
        return java.util.Arrays.copyOf(chunk, 8 + length);
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
            byte[] text = reason.getBytes(StandardCharsets.UTF_8);
            int length = Math.min(text.length, 256);
            out.begin(options.localPort(), options.remotePort(), peerTag);
            out.beginChunk(Chunk.ABORT, 0);
            out.putShort(Chunk.CAUSE_USER_ABORT);
            out.putShort(4 + length);
            out.putBytes(text, 0, length);
            out.endChunk();
            emit();
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

    private long nowMs() {
        return nanoClock.getAsLong() / 1_000_000;
    }

    private int nonZeroRandom() {
        int v;
        do {
            v = random.nextInt();
        } while (v == 0);
        return v;
    }

    private static final class Counters {
        long packetsReceived;
        long bytesReceived;
        long packetsSent;
        long bytesSent;
        long packetsDropped;
        long malformedPackets;
        long messagesSent;
        long messagesReceived;
        long internalErrors;
    }
}
