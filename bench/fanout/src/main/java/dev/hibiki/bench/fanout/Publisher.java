package dev.hibiki.bench.fanout;

import dev.hibiki.rtp.rtcp.NackPacket;
import dev.hibiki.rtp.rtcp.RtcpCompoundIterator;
import dev.hibiki.rtp.rtcp.RtcpHeader;
import dev.hibiki.srtp.SrtpStatus;
import dev.hibiki.srtp.SrtpTransformer;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The synthetic sendonly client: VP8 at a fixed frame rate and bit rate (a keyframe every {@code keyframeSeconds}
 * and on every PLI/FIR), Opus every 20 ms. Each packet ends with a trailer {magic, source sequence number (extended),
 * send time (System.nanoTime)} that subscribers in this JVM read back; the send times are also kept in a table by
 * extended sequence number so subscribers can time packets they do not decrypt. Answers NACKs from its cache of
 * protected packets, as a browser would.
 */
final class Publisher extends Peer {

    static final int AUDIO = 0;
    static final int VIDEO = 1;
    static final int TRAILER = 20;
    static final int MAGIC = 0x48424b31; // "HBK1"
    static final int TABLE = 1 << 16;
    private static final int MAX_PAYLOAD = 1100;
    private static final int CACHE = 2048;
    private static final int KEYFRAME_FACTOR = 5;

    final long audioSsrc = ThreadLocalRandom.current().nextLong(1, 0xFFFF_FFFFL);
    final long videoSsrc = ThreadLocalRandom.current().nextLong(1, 0xFFFF_FFFFL);
    final AtomicLongArray[] sendTimes = {new AtomicLongArray(TABLE), new AtomicLongArray(TABLE)};
    /** Extended sequence number of the next packet of each stream (source numbering). */
    private final AtomicLongArray next = new AtomicLongArray(2);
    private final long[] firstSeq = new long[2];
    private int audioPt = 111;
    private int videoPt = 96;

    private final int fps;
    private final int videoKbps;
    private final double pacingFactor;
    private final int deltaFrameBytes;
    private final int keyFrameBytes;
    private final int framesPerKeyframe;
    private volatile boolean keyframeRequested;
    private volatile boolean sending = true;
    private Thread sender;

    private final byte[][] cache = new byte[CACHE][1500];
    private final int[] cacheLen = new int[CACHE];
    private final int[] cacheEnd = new int[CACHE];
    private final long[] queue = new long[CACHE];
    private int queueHead;
    private int queued;
    private final long[] cacheSeq = new long[CACHE];
    private final byte[] audioBuf = new byte[1500];

    // stats
    volatile long keyframes;
    volatile long forcedKeyframes;
    volatile long plis;
    volatile long firs;
    volatile long nacked;
    volatile long retransmitted;
    volatile long sendFailures;
    volatile long lateFrames;
    volatile long maxLateNanos;
    private final RtcpCompoundIterator rtcp = new RtcpCompoundIterator();
    private final NackPacket nack = new NackPacket();
    private final int[] lost = new int[NackPacket.SEQS_PER_ITEM * 64];

    Publisher(Bench bench, int videoKbps, int fps, int keyframeSeconds, double pacingFactor) {
        super(bench, -1, "sendonly");
        this.fps = fps;
        this.videoKbps = videoKbps;
        this.pacingFactor = pacingFactor;
        this.framesPerKeyframe = Math.max(1, keyframeSeconds * fps);
        // One keyframe of KEYFRAME_FACTOR delta frames per interval, summing to the requested video bit rate.
        long bytesPerInterval = (long) videoKbps * 1000 / 8 * keyframeSeconds;
        this.deltaFrameBytes = (int) (bytesPerInterval / (framesPerKeyframe - 1 + KEYFRAME_FACTOR));
        this.keyFrameBytes = deltaFrameBytes * KEYFRAME_FACTOR;
        firstSeq[AUDIO] = ThreadLocalRandom.current().nextInt(1000, 30000);
        firstSeq[VIDEO] = ThreadLocalRandom.current().nextInt(1000, 30000);
        next.set(AUDIO, firstSeq[AUDIO]);
        next.set(VIDEO, firstSeq[VIDEO]);
    }

    @Override
    SdpAnswer.Sending sending() {
        return new SdpAnswer.Sending(audioSsrc, videoSsrc, "bench-publisher", "bench-stream");
    }

    @Override
    void onAnswered(SdpAnswer.Chosen chosen) {
        if (chosen.audioPt() >= 0) audioPt = chosen.audioPt();
        if (chosen.videoPt() >= 0) videoPt = chosen.videoPt();
    }

    @Override
    void onSrtpReady() {
        sender = Thread.ofPlatform().name("fanout-publisher").daemon().start(this::sendLoop);
    }

    /** Extended source sequence number of the next packet of {@code stream}. */
    long nextSeq(int stream) {
        return next.get(stream);
    }

    long packetsSent(int stream) {
        return next.get(stream) - firstSeq[stream];
    }

    int deltaFrameBytes() {
        return deltaFrameBytes;
    }

    int keyFrameBytes() {
        return keyFrameBytes;
    }

    void stopSending() {
        sending = false;
    }

    // ------------------------------------------------------------------ sending

    private void sendLoop() {
        long frameInterval = 1_000_000_000L / fps;
        long audioInterval = 20_000_000L;
        long start = System.nanoTime();
        long nextFrame = start, nextAudio = start, pacedNext = start;
        long frame = 0, framesSinceKey = Long.MAX_VALUE / 2;
        long videoTs = ThreadLocalRandom.current().nextLong(0x1_0000_0000L);
        long audioTs = ThreadLocalRandom.current().nextLong(0x1_0000_0000L);
        int pictureId = ThreadLocalRandom.current().nextInt(0x8000);
        double nanosPerByte = pacingFactor > 0 ? 8e9 / (videoKbps * 1000.0 * pacingFactor) : 0;
        while (sending) {
            long now = System.nanoTime();
            if (now >= nextAudio) {
                sendAudio(audioTs);
                audioTs = (audioTs + 960) & 0xFFFF_FFFFL;
                nextAudio += audioInterval;
            }
            if (now >= nextFrame) {
                long late = now - nextFrame;
                if (late > 5_000_000L) lateFrames++;
                if (late > maxLateNanos) maxLateNanos = late;
                boolean forced = keyframeRequested;
                boolean key = forced || framesSinceKey >= framesPerKeyframe;
                if (key) {
                    keyframeRequested = false;
                    framesSinceKey = 0;
                    keyframes++;
                    if (forced) forcedKeyframes++;
                }
                enqueueFrame(key, videoTs, pictureId);
                framesSinceKey++;
                frame++;
                pictureId = (pictureId + 1) & 0x7FFF;
                videoTs = (videoTs + 90_000 / fps) & 0xFFFF_FFFFL;
                nextFrame = start + frame * frameInterval;
            }
            // The pacer: video packets leave at pacingFactor x the video bit rate, as libwebrtc's pacer sends them.
            while (queued > 0 && (nanosPerByte == 0 || now >= pacedNext)) {
                long ext = queue[queueHead];
                queueHead = (queueHead + 1) % CACHE;
                queued--;
                int slot = (int) (ext % CACHE);
                int end = cacheEnd[slot];
                send(cache[slot], end, ext, VIDEO, slot);
                if (nanosPerByte > 0) pacedNext = Math.max(pacedNext, now) + (long) ((end + TRAILER) * nanosPerByte);
                now = System.nanoTime();
            }
            long wake = Math.min(nextAudio, nextFrame);
            if (queued > 0) wake = Math.min(wake, pacedNext);
            long sleep = wake - System.nanoTime();
            if (sleep > 0) LockSupport.parkNanos(sleep);
        }
    }

    /** Packetizes one frame into the cache and queues its packets for the pacer. */
    private void enqueueFrame(boolean key, long ts, int pictureId) {
        int bytes = key ? keyFrameBytes : deltaFrameBytes;
        int packets = Math.max(1, (bytes + MAX_PAYLOAD - 1) / MAX_PAYLOAD);
        int per = Math.max(bytes / packets, 64);
        for (int i = 0; i < packets; i++) {
            long ext = next.getAndIncrement(VIDEO);
            int slot = (int) (ext % CACHE);
            cacheSeq[slot] = -1; // not sent yet
            byte[] p = cache[slot];
            int pos = rtpHeader(p, videoPt, i == packets - 1, ext, ts, videoSsrc);
            int payloadStart = pos;
            // VP8 payload descriptor (RFC 7741 4.2): X=1, S on the first packet, PID 0; I=1 with a 15-bit picture id.
            p[pos++] = (byte) (0x80 | (i == 0 ? 0x10 : 0));
            p[pos++] = (byte) 0x80;
            p[pos++] = (byte) (0x80 | (pictureId >> 8));
            p[pos++] = (byte) pictureId;
            if (i == 0) {
                // VP8 payload header (RFC 6386 9.1): P (inverse key frame) in bit 0, show_frame, first partition size.
                int size = Math.min(per, 0x7FFFF);
                int tag = (key ? 0 : 1) | (1 << 4) | (size << 5);
                p[pos++] = (byte) tag;
                p[pos++] = (byte) (tag >> 8);
                p[pos++] = (byte) (tag >> 16);
                if (key) {
                    p[pos++] = (byte) 0x9d;
                    p[pos++] = (byte) 0x01;
                    p[pos++] = (byte) 0x2a;
                    p[pos++] = (byte) (640 & 0xff);
                    p[pos++] = (byte) (640 >> 8);
                    p[pos++] = (byte) (360 & 0xff);
                    p[pos++] = (byte) (360 >> 8);
                }
            }
            int end = payloadStart + per - TRAILER;
            while (pos < end) p[pos++] = (byte) (pos * 31);
            cacheEnd[slot] = pos;
            queue[(queueHead + queued) % CACHE] = ext;
            queued++;
        }
    }

    private void sendAudio(long ts) {
        long ext = next.getAndIncrement(AUDIO);
        byte[] p = audioBuf;
        int pos = rtpHeader(p, audioPt, false, ext, ts, audioSsrc);
        p[pos++] = (byte) 0xfc; // Opus TOC: CELT FB 20 ms, one frame
        int end = pos + 100 - 1 - TRAILER;
        while (pos < end) p[pos++] = (byte) (pos * 17);
        send(p, pos, ext, AUDIO, -1);
    }

    /** Appends the trailer at {@code pos}, protects and sends; records the send time. */
    private void send(byte[] p, int pos, long ext, int stream, int slot) {
        long now = System.nanoTime();
        putInt(p, pos, MAGIC);
        putLong(p, pos + 4, ext);
        putLong(p, pos + 12, now);
        int len = pos + TRAILER;
        sendTimes[stream].lazySet((int) (ext & (TABLE - 1)), now);
        SrtpTransformer s = srtp;
        int n = s.protectRtp(p, 0, len);
        if (SrtpStatus.isFailure(n)) {
            sendFailures++;
            return;
        }
        if (slot >= 0) {
            cacheLen[slot] = n;
            cacheSeq[slot] = ext;
        }
        if (!sendRaw(p, 0, n)) sendFailures++;
    }

    private static int rtpHeader(byte[] p, int pt, boolean marker, long seq, long ts, long ssrc) {
        p[0] = (byte) 0x80;
        p[1] = (byte) ((marker ? 0x80 : 0) | pt);
        p[2] = (byte) (seq >> 8);
        p[3] = (byte) seq;
        putInt(p, 4, (int) ts);
        putInt(p, 8, (int) ssrc);
        return 12;
    }

    static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    static void putLong(byte[] b, int at, long v) {
        putInt(b, at, (int) (v >>> 32));
        putInt(b, at + 4, (int) v);
    }

    static int getInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    static long getLong(byte[] b, int at) {
        return ((long) getInt(b, at) << 32) | (getInt(b, at + 4) & 0xFFFF_FFFFL);
    }

    // ------------------------------------------------------------------ RTCP from the SFU

    @Override
    void onMedia(byte[] buf, int off, int len, long nowNanos, IoLoop loop) {
        int pt = buf[off + 1] & 0xff;
        if (pt < 192 || pt > 223) return; // the SFU sends us no RTP
        SrtpTransformer s = srtp;
        if (s == null) return;
        int n = s.unprotectRtcp(buf, off, len);
        if (n <= 0 || !rtcp.reset(buf, off, n)) return;
        while (rtcp.next()) {
            int type = rtcp.packetType();
            int fmt = rtcp.count();
            if (type == RtcpHeader.PSFB && fmt == RtcpHeader.FMT_PLI) {
                plis++;
                keyframeRequested = true;
            } else if (type == RtcpHeader.PSFB && fmt == RtcpHeader.FMT_FIR) {
                firs++;
                keyframeRequested = true;
            } else if (type == RtcpHeader.RTPFB && fmt == RtcpHeader.FMT_NACK) {
                if (!nack.wrap(rtcp.buffer(), rtcp.offset(), rtcp.length())) continue;
                if (nack.mediaSsrc() != videoSsrc) continue;
                int count = nack.lostSequenceNumbers(lost);
                for (int i = 0; i < count; i++) resend(lost[i]);
            }
        }
    }

    private void resend(int seq16) {
        nacked++;
        long highest = next.get(VIDEO) - 1;
        long ext = (highest & ~0xFFFFL) | seq16;
        if (ext > highest) ext -= 0x10000;
        int slot = (int) (ext % CACHE);
        if (ext < 0 || cacheSeq[slot] != ext || highest - ext >= CACHE) return;
        if (sendRaw(cache[slot], 0, cacheLen[slot])) retransmitted++;
    }
}
