package dev.hibiki.sip.media;

import java.util.Arrays;

/**
 * A jitter buffer in the sample domain for 8 kHz audio. Each packet's decoded samples are written where its RTP
 * timestamp puts them on the playout timeline, {@link #DELAY_SAMPLES} behind the moment the first packet of the
 * stream arrived; {@link #read} takes the next 20 ms in real time. Reordered packets land in place, late ones
 * (behind the read position) are dropped, missing ones play as silence, and a new SSRC, a timestamp jump or a
 * run of late packets (sender clock drift) re-anchors the timeline. One thread only.
 */
public final class AudioJitterBuffer {
    public static final int SAMPLE_RATE = 8000;
    public static final int FRAME_SAMPLES = 160;
    /** 60 ms: absorbs the jitter of a LAN or a good Internet path without adding noticeable delay. */
    static final int DELAY_SAMPLES = 480;
    private static final int CAPACITY = SAMPLE_RATE; // one second
    private static final int LATE_RUN_RESYNC = 5;

    private final float[] ring = new float[CAPACITY];
    private long readPosition;
    private boolean anchored;
    private long ssrc;
    private long timestampOffset; // timeline position = unwrapped RTP timestamp + timestampOffset
    private long lastTimestamp;
    private long unwrapped;
    private int lateRun;
    private long late;
    private long played;
    private long expectedEnd; // highest timeline position written, for loss counting

    /** Writes a decoded packet: {@code samples[0..count)} with RTP timestamp {@code timestamp}. */
    public void write(long ssrc, long timestamp, float[] samples, int count) {
        long ts = unwrap(ssrc, timestamp);
        long position = ts + timestampOffset;
        if (position < readPosition) {
            late++;
            if (++lateRun >= LATE_RUN_RESYNC) anchor(ts);
            return;
        }
        if (position + count > readPosition + CAPACITY) {
            anchor(ts);
            position = ts + timestampOffset;
        }
        lateRun = 0;
        for (int i = 0; i < count; i++) ring[(int) ((position + i) % CAPACITY)] = samples[i];
        expectedEnd = Math.max(expectedEnd, position + count);
    }

    private long unwrap(long ssrc, long timestamp) {
        if (!anchored || ssrc != this.ssrc) {
            this.ssrc = ssrc;
            lastTimestamp = timestamp;
            unwrapped = timestamp;
            anchor(timestamp);
            return timestamp;
        }
        int delta = (int) (timestamp - lastTimestamp); // 32-bit wrap-around difference
        lastTimestamp = timestamp;
        unwrapped += delta;
        return unwrapped;
    }

    private void anchor(long unwrappedTimestamp) {
        anchored = true;
        lateRun = 0;
        timestampOffset = readPosition + DELAY_SAMPLES - unwrappedTimestamp;
    }

    /** Copies the next {@link #FRAME_SAMPLES} samples of the timeline into {@code out}; silence where none arrived. */
    public void read(float[] out) {
        int start = (int) (readPosition % CAPACITY);
        if (start + FRAME_SAMPLES <= CAPACITY) {
            System.arraycopy(ring, start, out, 0, FRAME_SAMPLES);
            Arrays.fill(ring, start, start + FRAME_SAMPLES, 0f);
        } else {
            for (int i = 0; i < FRAME_SAMPLES; i++) {
                int idx = (start + i) % CAPACITY;
                out[i] = ring[idx];
                ring[idx] = 0f;
            }
        }
        readPosition += FRAME_SAMPLES;
        played += FRAME_SAMPLES;
    }

    /** Packets that arrived after their samples were played. */
    public long latePackets() {
        return late;
    }

    public long playedSamples() {
        return played;
    }
}
