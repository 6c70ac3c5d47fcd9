package dev.hibiki.sfu;

import dev.hibiki.rtp.RtpPacket;

/**
 * Observes one published stream's packets, e.g. to transcode it. Called on the SFU's receive thread: an
 * implementation copies what it needs into its own queue and returns at once, never blocking or throwing.
 */
public interface TrackSink {

    /** One media packet (RTX already unwrapped), in arrival order; the view is valid only during the call. */
    void onRtp(RtpPacket packet);

    /** The sender's RTCP sender report for this stream: which RTP timestamp belongs to which NTP time. */
    default void onSenderReport(long ntpTimestamp, long rtpTimestamp) {
    }
}
