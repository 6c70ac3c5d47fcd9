package dev.hibiki.sip.media;

import dev.hibiki.net.OutboundAddressPolicy;

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
 * @param rtmpTarget     {@code rtmpUrl/rtmpStream}
 * @param outbound       where the RTMP connection may go: its host is looked up through it before each attempt
 */
public record MediaPlan(RtpPorts ports, InetSocketAddress remoteAudio, int audioPayloadType, boolean sendAudio,
                        InetSocketAddress remoteVideo, int videoPayloadType, boolean sendVideo, String rtmpTarget,
                        Duration rtpTimeout, OutboundAddressPolicy outbound) {

    public boolean hasVideo() {
        return videoPayloadType >= 0 && ports.video() != null;
    }

    /**
     * Whether media may be sent to a far end's address: not when it is missing, did not resolve, or is the
     * unspecified address, which in SDP means "on hold" but as a destination means this host.
     */
    public static boolean sendable(InetSocketAddress remote) {
        return remote != null && remote.getAddress() != null && !remote.getAddress().isAnyLocalAddress();
    }
}
