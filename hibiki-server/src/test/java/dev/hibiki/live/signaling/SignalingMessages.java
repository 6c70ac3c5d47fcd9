package dev.hibiki.live.signaling;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hibiki.sdp.MediaDescription;
import dev.hibiki.sdp.RtpMap;
import dev.hibiki.sdp.SdpParseException;
import dev.hibiki.sdp.SessionDescription;

/** Client messages as the Sora SDKs write them. */
final class SignalingMessages {

    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The throwaway offer sora-js-sdk puts into {@code connect.sdp} (Chrome, {@code offerToReceiveAudio/Video}); the
     * server must accept it and never answer it.
     */
    static final String CHROME_CONNECT_SDP = String.join("\r\n",
            "v=0",
            "o=- 4611731400430051336 2 IN IP4 127.0.0.1",
            "s=-",
            "t=0 0",
            "a=group:BUNDLE 0 1",
            "a=extmap-allow-mixed",
            "a=msid-semantic: WMS",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126",
            "c=IN IP4 0.0.0.0",
            "a=rtcp:9 IN IP4 0.0.0.0",
            "a=ice-ufrag:Zx1c",
            "a=ice-pwd:V6k3PpLkRz3iUyR2o6H6nq1n",
            "a=ice-options:trickle",
            "a=fingerprint:sha-256 2B:3A:0F:6D:9E:AD:41:C3:23:33:B5:4E:04:5E:94:06:EB:2F:9F:25:1E:0D:8F:6E:5E:77:02:47:A9:1D:0A:17",
            "a=setup:actpass",
            "a=mid:0",
            "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
            "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
            "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
            "a=recvonly",
            "a=rtcp-mux",
            "a=rtcp-rsize",
            "a=rtpmap:111 opus/48000/2",
            "a=rtcp-fb:111 transport-cc",
            "a=fmtp:111 minptime=10;useinbandfec=1",
            "a=rtpmap:63 red/48000/2",
            "a=fmtp:63 111/111",
            "a=rtpmap:9 G722/8000",
            "a=rtpmap:0 PCMU/8000",
            "a=rtpmap:8 PCMA/8000",
            "a=rtpmap:13 CN/8000",
            "a=rtpmap:110 telephone-event/48000",
            "a=rtpmap:126 telephone-event/8000",
            "m=video 9 UDP/TLS/RTP/SAVPF 96 97 98 99",
            "c=IN IP4 0.0.0.0",
            "a=rtcp:9 IN IP4 0.0.0.0",
            "a=ice-ufrag:Zx1c",
            "a=ice-pwd:V6k3PpLkRz3iUyR2o6H6nq1n",
            "a=ice-options:trickle",
            "a=fingerprint:sha-256 2B:3A:0F:6D:9E:AD:41:C3:23:33:B5:4E:04:5E:94:06:EB:2F:9F:25:1E:0D:8F:6E:5E:77:02:47:A9:1D:0A:17",
            "a=setup:actpass",
            "a=mid:1",
            "a=extmap:14 urn:ietf:params:rtp-hdrext:toffset",
            "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
            "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
            "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
            "a=recvonly",
            "a=rtcp-mux",
            "a=rtcp-rsize",
            "a=rtpmap:96 VP8/90000",
            "a=rtcp-fb:96 goog-remb",
            "a=rtcp-fb:96 transport-cc",
            "a=rtcp-fb:96 ccm fir",
            "a=rtcp-fb:96 nack",
            "a=rtcp-fb:96 nack pli",
            "a=rtpmap:97 rtx/90000",
            "a=fmtp:97 apt=96",
            "a=rtpmap:98 VP9/90000",
            "a=rtcp-fb:98 goog-remb",
            "a=rtcp-fb:98 transport-cc",
            "a=rtcp-fb:98 ccm fir",
            "a=rtcp-fb:98 nack",
            "a=rtcp-fb:98 nack pli",
            "a=fmtp:98 profile-id=0",
            "a=rtpmap:99 rtx/90000",
            "a=fmtp:99 apt=98",
            "") ;

    static final String SORA_JS_CLIENT = "Sora JavaScript SDK 2026.1.0";
    static final String CHROME_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/138.0.0.0 Safari/537.36";

    private SignalingMessages() {
    }

    /**
     * {@code Sora.connection(url).sendonly(channelId).connect(stream)} with the defaults: {@code metadata: null},
     * {@code audio: true}, {@code video: true}, the throwaway offer in {@code sdp}.
     */
    static ObjectNode connect(String role, String channelId) {
        ObjectNode m = JSON.createObjectNode();
        m.put("type", "connect");
        m.put("role", role);
        m.put("channel_id", channelId);
        m.putNull("metadata");
        m.put("sdp", CHROME_CONNECT_SDP);
        m.put("sora_client", SORA_JS_CLIENT);
        m.put("environment", CHROME_UA);
        m.put("audio", true);
        m.put("video", true);
        return m;
    }

    /**
     * A well-formed answer a browser could give to {@code offerSdp}: every section accepted with its first codec, the
     * client's own ICE credentials and fingerprint, {@code a=setup:active}, send directions mirrored. No media flows:
     * the client never starts ICE.
     */
    static String answerFor(String offerSdp) {
        SessionDescription offer;
        try {
            offer = SessionDescription.parse(offerSdp);
        } catch (SdpParseException e) {
            throw new AssertionError(e);
        }
        StringBuilder sb = new StringBuilder();
        sb.append("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
        sb.append("a=group:BUNDLE ").append(String.join(" ", offer.bundleMids())).append("\r\n");
        sb.append("a=msid-semantic: WMS stream\r\n");
        for (MediaDescription m : offer.media()) {
            boolean rtp = !m.media().equals(MediaDescription.APPLICATION);
            String format = m.formats().getFirst();
            sb.append("m=").append(m.media()).append(" 9 ").append(m.proto()).append(' ').append(format).append("\r\n");
            sb.append("c=IN IP4 0.0.0.0\r\n");
            sb.append("a=ice-ufrag:cli1\r\na=ice-pwd:clientpasswordclientpassword\r\n");
            sb.append("a=fingerprint:sha-256 2B:3A:0F:6D:9E:AD:41:C3:23:33:B5:4E:04:5E:94:06:EB:2F:9F:25:1E:0D:8F:6E:5E:77:02:47:A9:1D:0A:17\r\n");
            sb.append("a=setup:active\r\n");
            sb.append("a=mid:").append(m.mid().orElseThrow()).append("\r\n");
            if (rtp) {
                String direction = switch (m.direction()) {
                    case RECVONLY -> "sendonly";
                    case SENDONLY -> "recvonly";
                    case INACTIVE -> "inactive";
                    default -> "sendrecv";
                };
                sb.append('a').append('=').append(direction).append("\r\n");
                sb.append("a=rtcp-mux\r\n");
                int pt = Integer.parseInt(format);
                RtpMap map = m.rtpMap(pt).orElseThrow();
                sb.append("a=rtpmap:").append(map.value()).append("\r\n");
                if (direction.equals("sendonly") || direction.equals("sendrecv")) {
                    long ssrc = 1000 + pt;
                    sb.append("a=msid:stream track-").append(m.media()).append("\r\n");
                    sb.append("a=ssrc:").append(ssrc).append(" cname:client\r\n");
                }
            } else {
                sb.append("a=sctp-port:5000\r\na=max-message-size:262144\r\n");
            }
        }
        return sb.toString();
    }
}
