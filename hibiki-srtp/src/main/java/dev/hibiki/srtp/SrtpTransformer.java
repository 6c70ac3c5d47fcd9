package dev.hibiki.srtp;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.utils.logging2.Logger;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * SRTP/SRTCP protection for one connection (RFC 3711, RFC 7714). Outgoing RTP, the SFU's hot path (one packet per
 * subscriber), is sealed by Hibiki's own {@link RtpSealer} on the JDK's AES, which costs about a third less per
 * AES-GCM packet (a fifth less per AES-CM packet) than jitsi-srtp's OpenSSL path with its per-packet cipher
 * initialisation through JNI ({@code bench/srtp.sh}, docs/BENCHMARKS.md); RTCP and everything received go through
 * jitsi-srtp.
 *
 * <p>All four methods work in place on {@code (buf, off, len)} and return the new length, or a negative
 * {@link SrtpStatus} code; they never throw for bad input. Protecting appends the tag (and for RTCP the
 * SRTCP index), so the caller must leave at least {@link #rtpOverhead()} / {@link #rtcpOverhead()} free
 * bytes after the packet ({@link #MAX_OVERHEAD} covers every profile); otherwise the result is
 * {@link SrtpStatus#NO_ROOM} and the buffer is untouched. Unprotecting shrinks the packet in place.
 *
 * <p>Per-SSRC contexts are created on first use. A receive context is only kept once a packet for that
 * SSRC authenticates. Methods are thread-safe; packets of one SSRC are serialised.
 *
 * <p>Send-side replay protection is off by default, as in jitsi-videobridge, so an SFU can resend an
 * identical packet (NACK without RTX) or forward reordered packets; never resend a different payload
 * under the same SSRC and sequence number.
 */
public final class SrtpTransformer implements AutoCloseable {
    /** Free bytes after a packet that are enough for any profile, RTP or RTCP (16-byte tag + index). */
    public static final int MAX_OVERHEAD = 20;
    /** Default limit of SSRCs per direction, so a peer cannot grow state without bound. */
    public static final int DEFAULT_MAX_STREAMS = 1024;

    private static final int RTP_FIXED_HEADER = 12;
    private static final int RTCP_HEADER_WITH_SSRC = 8;
    private static final Logger JITSI_LOGGER = new LoggerImpl("dev.hibiki.srtp.jitsi");

    static {
        SrtpBackend.configure();
    }

    private final SrtpProfile profile;
    private final RtpSendStreams outboundRtp;
    private final SrtpStreams outbound;
    private final SrtpStreams inbound;
    private volatile boolean closed;

    private final AtomicLong authFailures = new AtomicLong();
    private final AtomicLong replayedPackets = new AtomicLong();
    private final AtomicLong invalidPackets = new AtomicLong();
    private final AtomicLong otherFailures = new AtomicLong();

    public SrtpTransformer(SrtpKeys keys) {
        this(keys, DEFAULT_MAX_STREAMS, false);
    }

    /**
     * @param maxStreamsPerDirection SSRC limit for each of RTP/RTCP, send/receive
     * @param sendReplayProtection whether protecting an already-sent (or 64-packets-old) index fails
     */
    public SrtpTransformer(SrtpKeys keys, int maxStreamsPerDirection, boolean sendReplayProtection) {
        Objects.requireNonNull(keys, "keys");
        if (maxStreamsPerDirection < 1) {
            throw new IllegalArgumentException("maxStreamsPerDirection must be positive");
        }
        this.profile = keys.profile();
        this.outboundRtp = new RtpSendStreams(sealer(keys), sendReplayProtection, maxStreamsPerDirection);
        this.outbound = new SrtpStreams(factory(true, keys.localMasterKey(), keys.localMasterSalt(),
                sendReplayProtection), true, maxStreamsPerDirection);
        this.inbound = new SrtpStreams(factory(false, keys.remoteMasterKey(), keys.remoteMasterSalt(),
                sendReplayProtection), false, maxStreamsPerDirection);
    }

    private RtpSealer sealer(SrtpKeys keys) {
        byte[] key = keys.localMasterKey();
        byte[] salt = keys.localMasterSalt();
        try {
            return RtpSealer.create(profile, key, salt);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks AES for " + profile, e);
        } finally {
            Arrays.fill(key, (byte) 0);
            Arrays.fill(salt, (byte) 0);
        }
    }

    /** jitsi copies the key and salt, so the copies {@link SrtpKeys} handed out are wiped here. */
    private SrtpContextFactory factory(boolean sender, byte[] key, byte[] salt, boolean sendReplayProtection) {
        try {
            return new SrtpContextFactory(sender, key, salt, profile.newPolicy(sendReplayProtection),
                    profile.newPolicy(sendReplayProtection), JITSI_LOGGER);
        } finally {
            Arrays.fill(key, (byte) 0);
            Arrays.fill(salt, (byte) 0);
        }
    }

    public SrtpProfile profile() {
        return profile;
    }

    /** Bytes {@link #protectRtp} appends; leave at least this much room after the packet. */
    public int rtpOverhead() {
        return profile.rtpOverhead();
    }

    /** Bytes {@link #protectRtcp} appends; leave at least this much room after the packet. */
    public int rtcpOverhead() {
        return profile.rtcpOverhead();
    }

    /** RTP → SRTP in place; returns the protected length or a negative {@link SrtpStatus}. */
    public int protectRtp(byte[] buf, int off, int len) {
        if (closed) {
            return count(SrtpStatus.CLOSED);
        }
        int header = inBounds(buf, off, len) ? rtpHeaderLength(buf, off, len) : -1;
        if (header < 0) {
            return count(SrtpStatus.INVALID_PACKET);
        }
        if (buf.length - off - len < profile.rtpOverhead()) {
            return count(SrtpStatus.NO_ROOM);
        }
        return count(expectGrowth(outboundRtp.protect(readInt(buf, off + 8), buf, off, len, header),
                len + profile.rtpOverhead()));
    }

    /** SRTP → RTP in place; returns the plain length or a negative {@link SrtpStatus}. */
    public int unprotectRtp(byte[] buf, int off, int len) {
        if (closed) {
            return count(SrtpStatus.CLOSED);
        }
        if (!inBounds(buf, off, len)) {
            return count(SrtpStatus.INVALID_PACKET);
        }
        int header = rtpHeaderLength(buf, off, len);
        if (header < 0 || header + profile.rtpOverhead() > len) {
            return count(SrtpStatus.INVALID_PACKET);
        }
        return count(inbound.rtp(readInt(buf, off + 8), buf, off, len));
    }

    /** RTCP → SRTCP in place (always encrypted); returns the protected length or a negative status. */
    public int protectRtcp(byte[] buf, int off, int len) {
        if (closed) {
            return count(SrtpStatus.CLOSED);
        }
        if (!inBounds(buf, off, len) || !isRtcp(buf, off, len, RTCP_HEADER_WITH_SSRC)) {
            return count(SrtpStatus.INVALID_PACKET);
        }
        if (buf.length - off - len < profile.rtcpOverhead()) {
            return count(SrtpStatus.NO_ROOM);
        }
        return count(expectGrowth(outbound.rtcp(readInt(buf, off + 4), buf, off, len), len + profile.rtcpOverhead()));
    }

    /** SRTCP → RTCP in place; returns the plain length or a negative status. */
    public int unprotectRtcp(byte[] buf, int off, int len) {
        if (closed) {
            return count(SrtpStatus.CLOSED);
        }
        if (!inBounds(buf, off, len)
                || !isRtcp(buf, off, len, RTCP_HEADER_WITH_SSRC + profile.rtcpOverhead())) {
            return count(SrtpStatus.INVALID_PACKET);
        }
        return count(inbound.rtcp(readInt(buf, off + 4), buf, off, len));
    }

    /** Packets whose tag did not verify. */
    public long authFailures() {
        return authFailures.get();
    }

    /** Packets rejected by the replay window (duplicates and too old). */
    public long replayedPackets() {
        return replayedPackets.get();
    }

    /** Packets too short or malformed to process. */
    public long invalidPackets() {
        return invalidPackets.get();
    }

    /** Every other failure: no room, too many streams, closed, crypto errors. */
    public long otherFailures() {
        return otherFailures.get();
    }

    /** SSRCs with a receive context (RTP). */
    public int inboundRtpStreams() {
        return inbound.rtpStreamCount();
    }

    /** SSRCs with a send context (RTP). */
    public int outboundRtpStreams() {
        return outboundRtp.streamCount();
    }

    /** Drops all contexts and wipes the master keys; later calls return {@link SrtpStatus#CLOSED}. */
    @Override
    public void close() {
        closed = true;
        outboundRtp.close();
        outbound.close();
        inbound.close();
    }

    private int count(int result) {
        if (result < 0) {
            switch (result) {
                case SrtpStatus.AUTH_FAILED -> authFailures.incrementAndGet();
                case SrtpStatus.REPLAYED -> replayedPackets.incrementAndGet();
                case SrtpStatus.INVALID_PACKET -> invalidPackets.incrementAndGet();
                default -> otherFailures.incrementAndGet();
            }
        }
        return result;
    }

    /**
     * jitsi ignores a failing GCM encryption (e.g. SunJCE refusing to reuse an IV when an identical packet
     * is protected twice) and reports success with the packet still in clear; that must never be sent.
     */
    private static int expectGrowth(int result, int expectedLength) {
        return result < 0 || result == expectedLength ? result : SrtpStatus.FAILED;
    }

    private static boolean inBounds(byte[] buf, int off, int len) {
        return buf != null && off >= 0 && len >= 0 && off <= buf.length - len;
    }

    /** Length of the RTP header including CSRCs and extension, or -1 if it is not a v2 header within len. */
    static int rtpHeaderLength(byte[] buf, int off, int len) {
        if (len < RTP_FIXED_HEADER || (buf[off] & 0xC0) != 0x80) {
            return -1;
        }
        int header = RTP_FIXED_HEADER + 4 * (buf[off] & 0x0F);
        if ((buf[off] & 0x10) != 0) {
            if (header + 4 > len) {
                return -1;
            }
            int words = ((buf[off + header + 2] & 0xFF) << 8) | (buf[off + header + 3] & 0xFF);
            header += 4 + 4 * words;
        }
        return header <= len ? header : -1;
    }

    private static boolean isRtcp(byte[] buf, int off, int len, int minLength) {
        return len >= minLength && (buf[off] & 0xC0) == 0x80;
    }

    private static int readInt(byte[] buf, int at) {
        return ((buf[at] & 0xFF) << 24) | ((buf[at + 1] & 0xFF) << 16) | ((buf[at + 2] & 0xFF) << 8)
                | (buf[at + 3] & 0xFF);
    }
}
