package dev.hibiki.hls.transcode;

import dev.hibiki.hls.EncodedFrame;

/**
 * Anchors each track's RTP timeline at the wall-clock arrival of its first frame; later frames are placed by their
 * RTP timestamp (unwrapped, so jitter does not move them). When a track's RTP time drifts more than
 * {@link #MAX_DRIFT_MICROS} from arrival time (a sender restarted its timestamps), the track is re-anchored.
 * Used by one thread, the transcoder's worker.
 */
public final class ArrivalClock implements MediaClock {
    static final long MAX_DRIFT_MICROS = 1_000_000;

    private final long epochBaseMicros = System.currentTimeMillis() * 1000;
    private final long nanoBase = System.nanoTime();
    private final Anchor audio = new Anchor();
    private final Anchor video = new Anchor();

    @Override
    public long captureMicros(EncodedFrame frame, long arrivalNanos) {
        Anchor a = Track.of(frame.codec()) == Track.AUDIO ? audio : video;
        long arrivalMicros = epochBaseMicros + (arrivalNanos - nanoBase) / 1000;
        long rtp = frame.rtpTimestamp() & 0xFFFFFFFFL;
        int clockRate = frame.clockRate() > 0 ? frame.clockRate() : 90_000;
        if (a.set) {
            a.ticks += (int) (rtp - a.lastRtp); // signed 32-bit step: unwraps and tolerates reordering
            a.lastRtp = rtp;
            long micros = a.epochMicros + a.ticks * Ffmpeg.MICROS / clockRate;
            if (Math.abs(micros - arrivalMicros) <= MAX_DRIFT_MICROS) return micros;
        }
        a.set = true;
        a.lastRtp = rtp;
        a.ticks = 0;
        a.epochMicros = arrivalMicros;
        return arrivalMicros;
    }

    private static final class Anchor {
        boolean set;
        long lastRtp;
        long ticks;
        long epochMicros;
    }
}
