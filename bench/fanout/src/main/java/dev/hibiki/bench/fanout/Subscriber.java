package dev.hibiki.bench.fanout;

import dev.hibiki.srtp.SrtpTransformer;

/**
 * A light recvonly client: no decoding, no RTCP. Counts packets per stream from the clear RTP header (sequence
 * continuity, reordering, SSRC changes), unprotects every {@code decryptEvery}-th packet (always until it knows how
 * the SFU's outgoing sequence numbers map to the publisher's) and times each packet in the measurement window
 * against the publisher's send time. State is touched only by this peer's IO thread.
 */
final class Subscriber extends Peer {

    final Stream audio = new Stream(Publisher.AUDIO);
    final Stream video = new Stream(Publisher.VIDEO);
    private volatile int audioPt = 111;
    private volatile int videoPt = 96;
    long rtcpReceived;
    long unknownPayloadType;

    Subscriber(Bench bench, int index) {
        super(bench, index, "recvonly");
    }

    @Override
    boolean relayed() {
        return bench.options.relay;
    }

    @Override
    SdpAnswer.Sending sending() {
        return null;
    }

    @Override
    void onAnswered(SdpAnswer.Chosen chosen) {
        if (chosen.audioPt() >= 0) audioPt = chosen.audioPt();
        if (chosen.videoPt() >= 0) videoPt = chosen.videoPt();
    }

    @Override
    void onMedia(byte[] buf, int off, int len, long nowNanos, IoLoop loop) {
        if (len < 12) return;
        int b1 = buf[off + 1] & 0xff;
        if (b1 >= 192 && b1 <= 223) {
            rtcpReceived++;
            return;
        }
        int pt = b1 & 0x7f;
        Stream s = pt == videoPt ? video : pt == audioPt ? audio : null;
        if (s == null) {
            unknownPayloadType++;
            return;
        }
        s.onPacket(buf, off, len, nowNanos, loop);
    }

    /** Per-stream counters; IO thread only. */
    final class Stream {
        final int kind;
        long ssrc = -1;
        private boolean started;
        private long highest;
        long received;
        long gaps;
        long late;
        long segments;
        private boolean deltaKnown;
        private long delta;
        private int sinceDecrypt;
        long decrypted;
        long authFailures;
        long badPayload;
        long remaps;
        long tableMismatch;
        long windowReceived;
        long windowBytes;
        long firstNanos;

        Stream(int kind) {
            this.kind = kind;
        }

        void onPacket(byte[] buf, int off, int len, long now, IoLoop loop) {
            int seq = ((buf[off + 2] & 0xff) << 8) | (buf[off + 3] & 0xff);
            long pktSsrc = Publisher.getInt(buf, off + 8) & 0xFFFF_FFFFL;
            if (pktSsrc != ssrc) {
                if (ssrc != -1) segments++;
                ssrc = pktSsrc;
                started = false;
                deltaKnown = false;
            }
            long ext;
            if (!started) {
                started = true;
                ext = 0x10000L + seq;
                highest = ext;
                if (firstNanos == 0) firstNanos = now;
            } else {
                ext = (highest & ~0xFFFFL) | seq;
                if (ext - highest > 0x8000) ext -= 0x10000;
                else if (highest - ext > 0x8000) ext += 0x10000;
                if (ext > highest) {
                    gaps += ext - highest - 1;
                    highest = ext;
                } else {
                    late++; // reordered (fills a gap counted before) or duplicated
                    if (gaps > 0) gaps--;
                }
            }
            received++;

            Publisher pub = bench.publisher;
            long srcExt = -1;
            long sent = 0;
            SrtpTransformer srtp = Subscriber.this.srtp;
            if (srtp != null && (!deltaKnown || ++sinceDecrypt >= bench.options.decryptEvery)) {
                sinceDecrypt = 0;
                int n = srtp.unprotectRtp(buf, off, len);
                if (n < 0) {
                    authFailures++;
                } else if (n >= 12 + Publisher.TRAILER && Publisher.getInt(buf, off + n - 20) == Publisher.MAGIC) {
                    decrypted++;
                    srcExt = Publisher.getLong(buf, off + n - 16);
                    sent = Publisher.getLong(buf, off + n - 8);
                    long d = srcExt - ext;
                    if (!deltaKnown || d != delta) {
                        if (deltaKnown) remaps++;
                        delta = d;
                        deltaKnown = true;
                    }
                    if (pub.sendTimes[kind].get((int) (srcExt & (Publisher.TABLE - 1))) != sent) tableMismatch++;
                } else {
                    badPayload++;
                }
            }
            if (srcExt < 0) {
                if (!deltaKnown) return;
                srcExt = ext + delta;
                sent = pub.sendTimes[kind].get((int) (srcExt & (Publisher.TABLE - 1)));
            }
            long[] w = bench.window;
            if (srcExt >= w[2 * kind] && srcExt < w[2 * kind + 1]) {
                windowReceived++;
                windowBytes += len;
                loop.latency.record(loop.arrivalNanos - sent);
                loop.readLatency.record(now - sent);
            }
        }
    }
}
