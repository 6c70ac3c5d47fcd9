package dev.hibiki.sip;

import java.time.Instant;

/**
 * The state of one call at one moment.
 *
 * @param sipStatus      the final SIP status of the INVITE (200, 403, 486 …) or null while none arrived
 * @param reason         why the call failed or finished (the SIP reason phrase, "remote BYE", "RTP timeout" …)
 * @param media          counters of the media received and streamed
 * @param setupMillis    INVITE sent to the first audio written to RTMP, or -1 while not yet
 */
public record CallSnapshot(String callId, CallStatus status, Integer sipStatus, String reason, String callee,
                           String rtmpUrl, String rtmpStream, RtmpState rtmpState, MediaCounters media,
                           Instant created, Instant established, Instant ended, long setupMillis) {

    /**
     * @param rtpPackets     RTP packets received (audio and video)
     * @param rtpLost        audio packets that never arrived or arrived too late to be played
     * @param audioCodec     the negotiated audio codec (PCMU, PCMA) or null
     * @param videoCodec     H264 when video was negotiated, else null
     * @param aacFrames      AAC frames written to RTMP
     * @param videoFrames    H.264 access units of the far end written to RTMP
     * @param heldFrames     key frames written again to RTMP while the far end's video paused (held-frame filler)
     * @param rtmpReconnects RTMP connections re-made after a failure
     */
    public record MediaCounters(long rtpPackets, long rtpBytes, long rtpLost, String audioCodec, String videoCodec,
                                long aacFrames, long videoFrames, long heldFrames, long rtmpReconnects) {
        public static final MediaCounters NONE = new MediaCounters(0, 0, 0, null, null, 0, 0, 0, 0);
    }
}
