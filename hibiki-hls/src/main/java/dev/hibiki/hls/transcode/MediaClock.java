package dev.hibiki.hls.transcode;

import dev.hibiki.hls.EncodedFrame;

/**
 * Puts a sender's audio and video on one timeline. RTP timestamps of the two tracks start at unrelated random
 * values and run at different rates, so a clock maps each frame to the wall-clock time it was captured, in Unix
 * epoch microseconds. Segment boundaries, frame-rate conversion, lip sync and EXT-X-PROGRAM-DATE-TIME all derive
 * from this one timeline.
 *
 * <p>{@link SenderReportClock} (RTCP sender reports) is the right choice for a WebRTC sender: the sender itself
 * says which RTP timestamp of each track belongs to which NTP time, so lip sync is exact. {@link ArrivalClock} needs
 * no RTCP and anchors each track at the arrival time of its first frame (lip sync then only as good as the two
 * tracks' network delays are equal).
 */
public interface MediaClock {
    /** Returned while a frame cannot be placed yet (no sender report for its track); the frame is dropped. */
    long UNKNOWN = Long.MIN_VALUE;

    /**
     * @param frame        the frame (its codec tells the track, its RTP timestamp and clock rate the time)
     * @param arrivalNanos {@link System#nanoTime()} when the frame was handed to the transcoder
     * @return capture time in Unix epoch microseconds, or {@link #UNKNOWN}
     */
    long captureMicros(EncodedFrame frame, long arrivalNanos);

    enum Track {
        AUDIO, VIDEO;

        public static Track of(EncodedFrame.Codec codec) {
            return codec == EncodedFrame.Codec.OPUS ? AUDIO : VIDEO;
        }
    }
}
