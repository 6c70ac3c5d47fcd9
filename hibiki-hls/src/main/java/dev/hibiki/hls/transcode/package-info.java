/**
 * One WebRTC sender in, an HLS ladder out: decode once, then per rendition scale, convert the frame rate, encode
 * H.264 and cut MPEG-TS segments; Opus is decoded once and AAC-encoded once per distinct bitrate.
 *
 * <pre>
 *  EncodedFrame ─offer()─▶ queue ─worker─▶ MediaClock ─▶ VideoDecoder ─▶ RenditionEncoder ×N ─▶ Segmenter ×N ─▶ SegmentOutput
 *                                                    └─▶ AudioDecoder ─▶ AacEncoder ×bitrates ─┘                 └▶ SegmentListener
 * </pre>
 *
 * <p>Timeline: every frame is placed on the sender's capture clock (Unix epoch microseconds) by a
 * {@link dev.hibiki.hls.transcode.MediaClock}. The first decoded picture is the origin; segment boundaries fall at
 * multiples of the segment duration after it, the same source instants in every rendition, and stream timestamps
 * are {@link dev.hibiki.hls.transcode.Segmenter#PTS_OFFSET} plus the time since the origin (90 kHz).
 *
 * <p>All FFmpeg work happens on the {@link dev.hibiki.hls.transcode.LadderTranscoder}'s worker thread; every
 * class here other than the transcoder and {@link dev.hibiki.hls.transcode.SenderReportClock} is single-threaded.
 */
package dev.hibiki.hls.transcode;
