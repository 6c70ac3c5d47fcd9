package dev.hibiki.hls.transcode;

import dev.hibiki.hls.EncodedFrame;

/**
 * Places frames with the NTP/RTP pairs of the sender's RTCP sender reports: the sender's own statement of which
 * RTP timestamp of each track was captured at which wall-clock time, so audio and video line up exactly. Frames of
 * a track arrive before its first sender report are {@link #UNKNOWN} (a WebRTC sender sends one within a second).
 * Each report replaces the previous mapping, which follows the slow drift between the capture clocks and NTP.
 *
 * <p>{@link #onSenderReport} may be called from any thread (the RTCP receive loop).
 */
public final class SenderReportClock implements MediaClock {
    /** Seconds from 1900-01-01 (NTP era 0) to 1970-01-01. */
    static final long NTP_UNIX_OFFSET_SECONDS = 2_208_988_800L;

    private volatile Mapping audio;
    private volatile Mapping video;

    /**
     * @param track        which track's RTCP SR this is
     * @param ntpTimestamp the SR's 64-bit NTP timestamp (seconds since 1900 in the high 32 bits, fraction below)
     * @param rtpTimestamp the SR's RTP timestamp (32 bits)
     */
    public void onSenderReport(Track track, long ntpTimestamp, long rtpTimestamp) {
        Mapping m = new Mapping(ntpToEpochMicros(ntpTimestamp), rtpTimestamp & 0xFFFFFFFFL);
        if (track == Track.AUDIO) audio = m;
        else video = m;
    }

    @Override
    public long captureMicros(EncodedFrame frame, long arrivalNanos) {
        Mapping m = Track.of(frame.codec()) == Track.AUDIO ? audio : video;
        if (m == null || frame.clockRate() <= 0) return UNKNOWN;
        // signed 32-bit distance: frames within ±2^31 ticks (6.6 h at 90 kHz) of the report, wrap included
        long ticks = (int) ((frame.rtpTimestamp() & 0xFFFFFFFFL) - m.rtp);
        return m.epochMicros + ticks * Ffmpeg.MICROS / frame.clockRate();
    }

    static long ntpToEpochMicros(long ntp) {
        long seconds = (ntp >>> 32) - NTP_UNIX_OFFSET_SECONDS;
        long fraction = ntp & 0xFFFFFFFFL;
        return seconds * Ffmpeg.MICROS + ((fraction * Ffmpeg.MICROS) >>> 32);
    }

    /** Builds an NTP timestamp from Unix epoch microseconds (for tests and for senders that report epoch time). */
    public static long epochMicrosToNtp(long epochMicros) {
        long seconds = Math.floorDiv(epochMicros, Ffmpeg.MICROS);
        long micros = Math.floorMod(epochMicros, Ffmpeg.MICROS);
        return ((seconds + NTP_UNIX_OFFSET_SECONDS) << 32) | ((micros << 32) / Ffmpeg.MICROS);
    }

    private record Mapping(long epochMicros, long rtp) {
    }
}
