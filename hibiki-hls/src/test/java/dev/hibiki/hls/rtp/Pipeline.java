package dev.hibiki.hls.rtp;

import dev.hibiki.hls.EncodedFrame;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test harness: packets → jitter buffer on a fake clock → depacketizer → collected frames. */
final class Pipeline implements FrameListener {
    static final long MS = 1_000_000L;

    long now = 1_000 * MS;
    final JitterBuffer jitterBuffer = new JitterBuffer(256, 100 * MS, () -> now);
    final Depacketizer depacketizer;
    final List<EncodedFrame> frames = new ArrayList<>();
    int keyframeRequests;

    Pipeline(EncodedFrame.Codec codec) {
        depacketizer = Depacketizer.create(codec, this);
    }

    @Override
    public void onFrame(EncodedFrame frame) {
        frames.add(frame);
    }

    @Override
    public void onKeyframeNeeded() {
        keyframeRequests++;
    }

    /** Pushes each packet 1 ms after the previous one and drains after each; then lets every hole time out. */
    Pipeline feed(List<byte[]> packets) {
        for (byte[] p : packets) {
            jitterBuffer.push(p, 0, p.length);
            now += MS;
            jitterBuffer.drain(depacketizer);
        }
        now += 1_000 * MS;
        jitterBuffer.drain(depacketizer);
        return this;
    }

    List<byte[]> data() {
        List<byte[]> out = new ArrayList<>();
        for (EncodedFrame f : frames) {
            out.add(f.data());
        }
        return out;
    }

    /** Swaps random neighbours (reordering by at most a few places) and repeats every 7th packet later on. */
    static List<byte[]> reorderAndDuplicate(List<byte[]> packets, long seed) {
        Random random = new Random(seed);
        List<byte[]> out = new ArrayList<>(packets);
        for (int i = 0; i + 1 < out.size(); i++) {
            if (random.nextInt(3) == 0) {
                byte[] a = out.get(i);
                out.set(i, out.get(i + 1));
                out.set(i + 1, a);
                i++;
            }
        }
        for (int i = out.size() - 1; i >= 0; i -= 7) {
            out.add(Math.min(out.size(), i + 3), out.get(i).clone());
        }
        return out;
    }

    static List<byte[]> without(List<byte[]> packets, int... sequenceNumbers) {
        List<byte[]> out = new ArrayList<>();
        outer:
        for (byte[] p : packets) {
            for (int s : sequenceNumbers) {
                if (Rtp.seq(p) == s) {
                    continue outer;
                }
            }
            out.add(p);
        }
        return out;
    }

    /** Index of the first packet of frame {@code frame} (timestamps step by 3000). */
    static int firstPacketOf(List<byte[]> packets, int frame, long ts0) {
        long ts = ts0 + (long) frame * TestPacketizers.TICKS_PER_FRAME & 0xFFFFFFFFL;
        for (int i = 0; i < packets.size(); i++) {
            if (Rtp.view(packets.get(i)).timestamp() == ts) {
                return i;
            }
        }
        throw new AssertionError("no packet for frame " + frame);
    }
}
