package dev.hibiki.sip.ua;

/**
 * The gateway's SDP offer: G.711 µ-law and A-law at 8 kHz plus telephone-event on audio, and H.264
 * (packetization-mode 1, as FU-A and STAP-A need) on video when asked for. A direction of {@code recvonly}
 * tells the far end not to expect media from the gateway.
 */
public final class SdpOffer {
    public static final int TELEPHONE_EVENT = 101;
    public static final int H264 = 96;

    private SdpOffer() {
    }

    public static String build(String address, long sessionId, long version, int audioPort, boolean sendAudio,
                               int videoPort, boolean sendVideo) {
        StringBuilder s = new StringBuilder(512);
        s.append("v=0\r\n");
        s.append("o=hibiki ").append(sessionId).append(' ').append(version).append(" IN IP4 ").append(address).append("\r\n");
        s.append("s=Hibiki SIP gateway\r\n");
        s.append("c=IN IP4 ").append(address).append("\r\n");
        s.append("t=0 0\r\n");
        s.append("m=audio ").append(audioPort).append(" RTP/AVP 0 8 ").append(TELEPHONE_EVENT).append("\r\n");
        s.append("a=rtpmap:0 PCMU/8000\r\n");
        s.append("a=rtpmap:8 PCMA/8000\r\n");
        s.append("a=rtpmap:").append(TELEPHONE_EVENT).append(" telephone-event/8000\r\n");
        s.append("a=fmtp:").append(TELEPHONE_EVENT).append(" 0-16\r\n");
        s.append("a=ptime:20\r\n");
        s.append(sendAudio ? "a=sendrecv\r\n" : "a=recvonly\r\n");
        if (videoPort > 0) {
            s.append("m=video ").append(videoPort).append(" RTP/AVP ").append(H264).append("\r\n");
            s.append("a=rtpmap:").append(H264).append(" H264/90000\r\n");
            s.append("a=fmtp:").append(H264).append(" profile-level-id=42e01f;packetization-mode=1\r\n");
            s.append(sendVideo ? "a=sendrecv\r\n" : "a=recvonly\r\n");
        }
        return s.toString();
    }
}
