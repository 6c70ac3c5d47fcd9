package dev.hibiki.sctp;

import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * The four-way handshake's messages (RFC 9260 section 5.1): INIT, INIT-ACK with the signed state cookie, COOKIE-ECHO,
 * and their retransmission on T1 with a doubling timeout. Holds our verification tag and initial TSN and, between
 * INIT-ACK and COOKIE-ACK, the peer's INIT-ACK; which message is due is the association's state. Used under the
 * association's lock.
 */
final class Handshake {
    /** Streams offered in each direction; a channel's stream id is below the smaller of both ends' numbers. */
    static final int STREAMS = 65535;
    private static final int MAX_RETRANSMITS = 8;

    private final Outbox outbox;
    private final StateCookie.Signer cookies;
    private final RandomGenerator random;
    private final LongSupplier nanoClock;
    private final int receiveWindow;
    private int localTag;
    private int localInitialTsn;
    private InitChunk peerInitAck;
    private int retransmits;
    private long timeoutMs = RtoEstimator.INITIAL_MS;

    Handshake(Outbox outbox, RandomGenerator random, LongSupplier nanoClock, int receiveWindow) {
        this.outbox = outbox;
        this.cookies = new StateCookie.Signer(random);
        this.random = random;
        this.nanoClock = nanoClock;
        this.receiveWindow = receiveWindow;
    }

    /** Our verification tag; 0 until we sent INIT or accepted a cookie. */
    int localTag() {
        return localTag;
    }

    /** Chooses our tag and first TSN and sends INIT; returns the T1 timeout. */
    long sendInit() {
        localTag = nonZeroRandom();
        localInitialTsn = random.nextInt();
        writeInit();
        return timeoutMs;
    }

    private void writeInit() {
        InitChunk.write(outbox.begin(0), Chunk.INIT, localTag, receiveWindow, STREAMS, localInitialTsn, null);
        outbox.emit();
    }

    /**
     * Answers an INIT with INIT-ACK. With a tag of our own already (our INIT crossed theirs, section 5.2.1, or a
     * late INIT) the answer carries it, so both handshakes agree; otherwise a fresh tag that only the cookie keeps.
     * Returns false if the INIT is malformed.
     */
    boolean answerInit(SctpPacket in) {
        InitChunk init = InitChunk.parse(in.array(), in.valueOffset(), in.valueLength());
        if (init == null) {
            return false;
        }
        int tag = localTag != 0 ? localTag : nonZeroRandom();
        int tsn = localTag != 0 ? localInitialTsn : random.nextInt();
        byte[] cookie = cookies.sign(new StateCookie(tag, init.initiateTag(), tsn, init.initialTsn(),
                init.advertisedWindow(), init.inboundStreams(), init.forwardTsn(), init.reconfig()), nowMs());
        InitChunk.write(outbox.begin(init.initiateTag()), Chunk.INIT_ACK, tag, receiveWindow, STREAMS, tsn, cookie);
        outbox.emit();
        return true;
    }

    /** INIT-ACK: keeps the peer's parameters and sends COOKIE-ECHO; returns the peer's tag, or 0 if malformed. */
    int onInitAck(SctpPacket in) {
        InitChunk init = InitChunk.parse(in.array(), in.valueOffset(), in.valueLength());
        if (init == null || init.cookie() == null) {
            return 0;
        }
        peerInitAck = init;
        retransmits = 0;
        timeoutMs = RtoEstimator.INITIAL_MS;
        outbox.sendCookieEcho(init.initiateTag(), init.cookie());
        return init.initiateTag();
    }

    long timeoutMs() {
        return timeoutMs;
    }

    /** COOKIE-ECHO: the cookie if we made it, for the packet's tag, and it is not stale; else null. */
    StateCookie verify(SctpPacket in, int tag) {
        StateCookie c = cookies.verify(in.array(), in.valueOffset(), in.valueLength(), nowMs());
        return c == null || c.localTag() != tag ? null : c;
    }

    /** The association starts from a cookie we made without keeping anything: its tag and TSN become ours. */
    void adopt(StateCookie c) {
        localTag = c.localTag();
        localInitialTsn = c.localInitialTsn();
    }

    /** What COOKIE-ACK establishes: our INIT and the peer's INIT-ACK. */
    StateCookie acknowledged() {
        InitChunk p = peerInitAck;
        return new StateCookie(localTag, p.initiateTag(), localInitialTsn, p.initialTsn(), p.advertisedWindow(),
                p.inboundStreams(), p.forwardTsn(), p.reconfig());
    }

    void done() {
        peerInitAck = null;
    }

    /** T1 expired: sends INIT or COOKIE-ECHO again; returns the next timeout, or -1 once it was sent too often. */
    long retransmit(boolean cookieEchoed) {
        if (++retransmits > MAX_RETRANSMITS) {
            return -1;
        }
        timeoutMs = Math.min(timeoutMs * 2, RtoEstimator.MAX_MS);
        if (cookieEchoed) {
            outbox.sendCookieEcho(peerInitAck.initiateTag(), peerInitAck.cookie());
        } else {
            writeInit();
        }
        return timeoutMs;
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
}
