package dev.hibiki.bench.fanout;

import dev.hibiki.sdp.Direction;
import dev.hibiki.sdp.MediaDescription;
import dev.hibiki.sdp.RtpMap;
import dev.hibiki.sdp.SessionDescription;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes the answer a minimal browser would give to a Hibiki offer: BUNDLE over every accepted section, our ICE
 * credentials and fingerprint, {@code setup:active} (we are the DTLS client), VP8 and Opus only, and the reverse
 * of each offered direction. A publisher announces its SSRCs with cname and msid in the sections it sends on.
 */
final class SdpAnswer {

    /** SSRCs and names of what a publisher sends; null for a subscriber. */
    record Sending(long audioSsrc, long videoSsrc, String cname, String streamId) {
    }

    /** What the answer chose: the payload types (or -1 when the kind was not in the offer). */
    record Chosen(String sdp, int audioPt, int videoPt) {
    }

    private SdpAnswer() {
    }

    static Chosen write(SessionDescription offer, String ufrag, String pwd, String fingerprint, Sending sending,
                        long sessionId, long version) {
        StringBuilder body = new StringBuilder();
        List<String> bundle = new ArrayList<>();
        int audioPt = -1, videoPt = -1;
        for (MediaDescription m : offer.media()) {
            String mid = m.mid().orElseThrow(() -> new IllegalArgumentException("offer section without mid"));
            String kind = m.media();
            if (m.isRejected()) {
                body.append("m=").append(kind).append(" 0 ").append(m.proto()).append(' ')
                        .append(String.join(" ", m.formats())).append("\r\n")
                        .append("c=IN IP4 0.0.0.0\r\n")
                        .append("a=mid:").append(mid).append("\r\n")
                        .append("a=inactive\r\n");
                continue;
            }
            bundle.add(mid);
            if (kind.equals(MediaDescription.APPLICATION)) {
                body.append("m=application 9 ").append(m.proto()).append(" webrtc-datachannel\r\n")
                        .append("c=IN IP4 0.0.0.0\r\n");
                transport(body, ufrag, pwd, fingerprint, mid);
                body.append("a=sctp-port:5000\r\na=max-message-size:262144\r\n");
                continue;
            }
            boolean video = kind.equals(MediaDescription.VIDEO);
            String wanted = video ? "VP8" : "opus";
            RtpMap codec = null;
            for (RtpMap r : m.rtpMaps()) {
                if (r.encoding().equalsIgnoreCase(wanted)) {
                    codec = r;
                    break;
                }
            }
            if (codec == null) throw new IllegalArgumentException("offer section " + mid + " has no " + wanted);
            if (video) videoPt = codec.payloadType();
            else audioPt = codec.payloadType();
            Direction offered = m.direction();
            Direction answer = switch (offered) {
                case SENDONLY -> Direction.RECVONLY;
                case RECVONLY -> Direction.SENDONLY;
                case INACTIVE -> Direction.INACTIVE;
                case SENDRECV -> sending != null ? Direction.SENDONLY : Direction.RECVONLY;
            };
            body.append("m=").append(kind).append(" 9 ").append(m.proto()).append(' ').append(codec.payloadType())
                    .append("\r\n").append("c=IN IP4 0.0.0.0\r\n");
            transport(body, ufrag, pwd, fingerprint, mid);
            body.append("a=").append(answer.sdpName()).append("\r\n");
            body.append("a=rtcp-mux\r\na=rtcp-rsize\r\n");
            body.append("a=rtpmap:").append(codec.value()).append("\r\n");
            if (video) {
                body.append("a=rtcp-fb:").append(codec.payloadType()).append(" nack\r\n");
                body.append("a=rtcp-fb:").append(codec.payloadType()).append(" nack pli\r\n");
                body.append("a=rtcp-fb:").append(codec.payloadType()).append(" ccm fir\r\n");
            } else {
                body.append("a=fmtp:").append(codec.payloadType()).append(" minptime=10;useinbandfec=1\r\n");
            }
            if (sending != null && answer.sends()) {
                long ssrc = video ? sending.videoSsrc() : sending.audioSsrc();
                String track = sending.streamId() + (video ? "-video" : "-audio");
                body.append("a=msid:").append(sending.streamId()).append(' ').append(track).append("\r\n");
                body.append("a=ssrc:").append(ssrc).append(" cname:").append(sending.cname()).append("\r\n");
                body.append("a=ssrc:").append(ssrc).append(" msid:").append(sending.streamId()).append(' ')
                        .append(track).append("\r\n");
            }
        }
        StringBuilder sdp = new StringBuilder();
        sdp.append("v=0\r\n")
                .append("o=- ").append(sessionId).append(' ').append(version).append(" IN IP4 127.0.0.1\r\n")
                .append("s=-\r\n")
                .append("t=0 0\r\n");
        if (!bundle.isEmpty()) sdp.append("a=group:BUNDLE ").append(String.join(" ", bundle)).append("\r\n");
        sdp.append("a=msid-semantic: WMS *\r\n");
        sdp.append(body);
        return new Chosen(sdp.toString(), audioPt, videoPt);
    }

    private static void transport(StringBuilder b, String ufrag, String pwd, String fingerprint, String mid) {
        b.append("a=ice-ufrag:").append(ufrag).append("\r\n")
                .append("a=ice-pwd:").append(pwd).append("\r\n")
                .append("a=fingerprint:").append(fingerprint).append("\r\n")
                .append("a=setup:active\r\n")
                .append("a=mid:").append(mid).append("\r\n");
    }
}
