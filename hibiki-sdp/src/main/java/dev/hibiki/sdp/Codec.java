package dev.hibiki.sdp;

import java.util.List;

/**
 * A codec as the server offers it: fixed payload type, fmtp, RTCP feedback, and the payload type of its RTX
 * companion (RFC 4588) if it has one.
 *
 * @param channels       audio channels written in rtpmap, 0 for none
 * @param fmtp           fmtp parameters, or the empty string for no fmtp line
 * @param rtxPayloadType the RTX payload type, or {@link #NO_RTX}
 */
public record Codec(MediaKind kind, String name, int payloadType, int clockRate, int channels, String fmtp,
                    List<String> feedback, int rtxPayloadType) {

    public static final int NO_RTX = -1;

    public Codec {
        if (kind == null || !kind.isRtp()) throw new IllegalArgumentException("a codec is audio or video");
        new RtpMap(payloadType, name, clockRate, channels); // checks the same constraints
        Tokens.requireText(fmtp, "fmtp");
        feedback = List.copyOf(feedback);
        for (String f : feedback) RtcpFeedback.parse(payloadType + " " + f);
        if (rtxPayloadType != NO_RTX) {
            RtpMap.checkPayloadType(rtxPayloadType);
            if (rtxPayloadType == payloadType) throw new IllegalArgumentException("RTX payload type equals the codec's");
        }
    }

    public boolean hasRtx() {
        return rtxPayloadType != NO_RTX;
    }

    /** The same codec with other fmtp parameters. */
    public Codec withFmtp(String parameters) {
        return new Codec(kind, name, payloadType, clockRate, channels, parameters, feedback, rtxPayloadType);
    }

    public RtpMap rtpMap() {
        return new RtpMap(payloadType, name, clockRate, channels);
    }

    /** Writes the m= formats and the rtpmap, rtcp-fb and fmtp lines, codec first and its RTX after it. */
    void writeTo(MediaDescription.Builder section) {
        section.attribute(rtpMap().toAttribute());
        for (String f : feedback) section.attribute("rtcp-fb", payloadType + " " + f);
        if (!fmtp.isEmpty()) section.attribute(new Fmtp(payloadType, fmtp).toAttribute());
        if (hasRtx()) {
            section.attribute(new RtpMap(rtxPayloadType, "rtx", clockRate, 0).toAttribute());
            section.attribute(new Fmtp(rtxPayloadType, "apt=" + payloadType).toAttribute());
        }
    }
}
