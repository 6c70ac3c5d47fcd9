package dev.hibiki.sip.media;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * What was negotiated for one call's media.
 *
 * @param remoteAudio    where the far end receives audio (the gateway sends silence there when {@code sendAudio})
 * @param audioPayloadType 0 (PCMU) or 8 (PCMA)
 * @param remoteVideo    where the far end receives video (key frame requests go to its RTCP port, one above)
 * @param videoPayloadType the H.264 payload type, or -1 when no video was negotiated
 * @param sendVideo      video was offered {@code sendrecv}: the gateway sends a black picture every second
 */
public record MediaPlan(RtpPorts ports, InetSocketAddress remoteAudio, int audioPayloadType, boolean sendAudio,
                        InetSocketAddress remoteVideo, int videoPayloadType, boolean sendVideo, String rtmpTarget,
                        Duration rtpTimeout) {

    public boolean hasVideo() {
        return videoPayloadType >= 0 && ports.video() != null;
    }
}
