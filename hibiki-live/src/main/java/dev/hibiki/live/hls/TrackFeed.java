package dev.hibiki.live.hls;

import dev.hibiki.hls.EncodedFrame;
import dev.hibiki.hls.rtp.Depacketizer;
import dev.hibiki.hls.rtp.FrameListener;
import dev.hibiki.hls.rtp.JitterBuffer;
import dev.hibiki.hls.transcode.LadderTranscoder;
import dev.hibiki.hls.transcode.MediaClock;
import dev.hibiki.hls.transcode.SenderReportClock;
import dev.hibiki.rtp.RtpPacket;
import dev.hibiki.sfu.PublishedTrack;
import dev.hibiki.sfu.TrackSink;

/**
 * One published stream on its way into a transcoder: the SFU's receive thread only copies packets into the jitter
 * buffer; the HLS drain thread puts them in order, depacketizes them and queues whole frames for the transcoder.
 */
final class TrackFeed implements TrackSink, FrameListener {

    private final PublishedTrack track;
    private final MediaClock.Track kind;
    private final SenderReportClock clock;
    private final LadderTranscoder transcoder;
    private final JitterBuffer jitterBuffer = new JitterBuffer();
    private final Depacketizer depacketizer;

    TrackFeed(PublishedTrack track, EncodedFrame.Codec codec, SenderReportClock clock, LadderTranscoder transcoder) {
        this.track = track;
        this.kind = MediaClock.Track.of(codec);
        this.clock = clock;
        this.transcoder = transcoder;
        this.depacketizer = Depacketizer.create(codec, this);
    }

    /** The codec as the transcoder knows it, or null when it cannot be transcoded. */
    static EncodedFrame.Codec codecOf(PublishedTrack track) {
        return switch (track.codecName().toUpperCase(java.util.Locale.ROOT)) {
            case "OPUS" -> EncodedFrame.Codec.OPUS;
            case "VP8" -> EncodedFrame.Codec.VP8;
            case "VP9" -> EncodedFrame.Codec.VP9;
            case "H264" -> EncodedFrame.Codec.H264;
            case "AV1" -> EncodedFrame.Codec.AV1;
            default -> null;
        };
    }

    PublishedTrack track() {
        return track;
    }

    boolean isVideo() {
        return kind == MediaClock.Track.VIDEO;
    }

    @Override
    public void onRtp(RtpPacket packet) {
        jitterBuffer.push(packet);
    }

    @Override
    public void onSenderReport(long ntpTimestamp, long rtpTimestamp) {
        clock.onSenderReport(kind, ntpTimestamp, rtpTimestamp);
    }

    /** On the drain thread: hands on what is in order (or waited long enough for a lost packet). */
    void drain() {
        jitterBuffer.drain(depacketizer);
    }

    /** On the drain thread, after the sink was removed: hands on everything left. */
    void flush() {
        jitterBuffer.flush(depacketizer);
    }

    @Override
    public void onFrame(EncodedFrame frame) {
        transcoder.offer(frame);
    }

    @Override
    public void onKeyframeNeeded() {
        track.requestKeyframe();
    }
}
