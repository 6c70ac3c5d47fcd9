package dev.hibiki.sdp;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A payload type accepted in an answer, with what its rtpmap, fmtp and rtcp-fb lines say.
 *
 * @param parameters the fmtp parameters (empty map when none)
 * @param feedback   rtcp-fb values without the payload type, such as {@code nack pli}, wildcard lines included
 */
public record NegotiatedCodec(int payloadType, String encoding, int clockRate, int channels,
                              Map<String, String> parameters, List<String> feedback) {

    public NegotiatedCodec {
        parameters = Map.copyOf(parameters);
        feedback = List.copyOf(feedback);
    }

    public boolean isRtx() {
        return encoding.equalsIgnoreCase("rtx");
    }

    /** Real media rather than RTX, RED, FEC, comfort noise or DTMF. */
    public boolean isMediaCodec() {
        return new RtpMap(payloadType, encoding, clockRate, channels).isMediaCodec();
    }

    /** For an RTX payload type, the payload type it repairs ({@code apt}). */
    public OptionalInt associatedPayloadType() {
        String apt = parameters.get("apt");
        if (apt == null || !Tokens.isDigits(apt) || apt.length() > 3) return OptionalInt.empty();
        int pt = Integer.parseInt(apt);
        return pt <= 127 ? OptionalInt.of(pt) : OptionalInt.empty();
    }

    public boolean hasFeedback(String value) {
        return feedback.contains(value);
    }
}
