package dev.hibiki.sfu;

import dev.hibiki.sdp.Direction;
import dev.hibiki.sdp.ExtMap;
import dev.hibiki.sdp.MediaDescription;
import dev.hibiki.sdp.RtpMap;
import dev.hibiki.sdp.SdpParseException;
import dev.hibiki.sdp.SessionDescription;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the answer a browser would give to a Hibiki offer: it sends in the sections the SFU receives in (with
 * the payload type and SSRCs the test chooses), receives in the sections the SFU sends in, and keeps the offer's
 * header extension ids and rejected sections.
 */
final class BrowserAnswer {

    /** What the browser sends in a section the SFU receives in. */
    record Sending(int payloadType, Integer rtxPayloadType, Long ssrc, Long rtxSsrc) {
    }

    static final String FINGERPRINT = "sha-256 "
            + "34:60:BE:31:20:1E:69:FE:DA:A0:EE:E8:B9:99:7F:5C:7C:29:99:FD:AF:E5:93:25:3C:D6:54:AF:4D:FA:D7:14";

    private final Map<String, Sending> sendingByKind = new HashMap<>();
    private String setup = "active";

    /** Sends this kind ({@code audio}, {@code video}) with the payload type and SSRCs given (null: unsignaled). */
    BrowserAnswer sending(String kind, int payloadType, Integer rtxPayloadType, Long ssrc, Long rtxSsrc) {
        sendingByKind.put(kind, new Sending(payloadType, rtxPayloadType, ssrc, rtxSsrc));
        return this;
    }

    /** Chooses to be the DTLS server, so the SFU opens the handshake. */
    BrowserAnswer passive() {
        setup = "passive";
        return this;
    }

    String to(String offerSdp) {
        SessionDescription offer;
        try {
            offer = SessionDescription.parse(offerSdp);
        } catch (SdpParseException e) {
            throw new AssertionError(e);
        }
        StringBuilder sdp = new StringBuilder("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
        List<String> bundle = new ArrayList<>();
        for (MediaDescription m : offer.media()) {
            if (!m.isRejected()) bundle.add(m.mid().orElseThrow());
        }
        sdp.append("a=group:BUNDLE ").append(String.join(" ", bundle)).append("\r\n");
        for (MediaDescription m : offer.media()) section(sdp, m);
        return sdp.toString();
    }

    private void section(StringBuilder sdp, MediaDescription m) {
        String mid = m.mid().orElseThrow();
        if (m.isRejected()) {
            sdp.append("m=").append(m.media()).append(" 0 ").append(m.proto()).append(' ')
                    .append(String.join(" ", m.formats())).append("\r\na=mid:").append(mid).append("\r\n");
            return;
        }
        if (m.media().equals(MediaDescription.APPLICATION)) {
            sdp.append("m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n");
            transport(sdp, mid);
            sdp.append("a=sctp-port:5000\r\n");
            return;
        }
        Sending sending = m.direction() == Direction.RECVONLY ? sendingByKind.get(m.media()) : null;
        List<Integer> formats = new ArrayList<>();
        if (sending != null) {
            formats.add(sending.payloadType());
            if (sending.rtxPayloadType() != null) formats.add(sending.rtxPayloadType());
        } else {
            formats.addAll(m.payloadTypes());
        }
        sdp.append("m=").append(m.media()).append(" 9 UDP/TLS/RTP/SAVPF");
        for (int pt : formats) sdp.append(' ').append(pt);
        sdp.append("\r\nc=IN IP4 0.0.0.0\r\n");
        transport(sdp, mid);
        for (ExtMap e : m.extMaps()) sdp.append("a=extmap:").append(e.id()).append(' ').append(e.uri()).append("\r\n");
        String direction = switch (m.direction()) {
            case RECVONLY -> sending != null ? "sendonly" : "inactive";
            case SENDONLY -> "recvonly";
            default -> "inactive";
        };
        sdp.append("a=").append(direction).append("\r\na=rtcp-mux\r\n");
        for (int pt : formats) {
            RtpMap map = m.rtpMap(pt).orElseThrow();
            sdp.append("a=rtpmap:").append(map.value()).append("\r\n");
            m.fmtp(pt).ifPresent(f -> sdp.append("a=fmtp:").append(f.value()).append("\r\n"));
        }
        if (sending != null && sending.ssrc() != null) {
            if (sending.rtxSsrc() != null) {
                sdp.append("a=ssrc-group:FID ").append(sending.ssrc()).append(' ').append(sending.rtxSsrc())
                        .append("\r\n");
                sdp.append("a=ssrc:").append(sending.rtxSsrc()).append(" cname:browser\r\n");
            }
            sdp.append("a=ssrc:").append(sending.ssrc()).append(" cname:browser\r\n");
        }
    }

    private void transport(StringBuilder sdp, String mid) {
        sdp.append("a=ice-ufrag:brws\r\na=ice-pwd:browserPassword0123456789\r\n")
                .append("a=fingerprint:").append(FINGERPRINT).append("\r\n")
                .append("a=setup:").append(setup).append("\r\na=mid:").append(mid).append("\r\n");
    }
}
