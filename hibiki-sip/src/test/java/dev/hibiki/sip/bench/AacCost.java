package dev.hibiki.sip.bench;

import dev.hibiki.sip.media.AacEncoder;

/** CPU time of the AAC encoder alone per second of 8 kHz audio (to split the gateway's per-call cost). */
public final class AacCost {
    public static void main(String[] args) {
        float[] frame = new float[160];
        int seconds = 600;
        try (AacEncoder enc = new AacEncoder()) {
            long[] n = {0};
            for (int warm = 0; warm < 2; warm++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < seconds * 50; i++) {
                    for (int j = 0; j < 160; j++) frame[j] = (float) Math.sin((i * 160 + j) * 0.3) * 0.3f;
                    enc.encode(frame, 160, p -> n[0]++);
                }
                double ms = (System.nanoTime() - t0) / 1e6;
                System.out.printf("%d s of audio in %.0f ms: %.3f%% of a core per call%n", seconds, ms, ms / 10 / seconds);
            }
        }
    }
}
