package dev.hibiki.sdp;

import java.util.List;

/**
 * The RTP header extensions Hibiki offers, each with one id for every section and every re-offer. BUNDLE requires an
 * id to mean the same extension in all bundled sections (RFC 8843 9.2), and the receive path can then read an
 * extension without looking up its section. The ids are those Chrome itself uses.
 */
public final class HeaderExtensions {

    public static final String AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    public static final String ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    public static final String TRANSPORT_CC = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    public static final String MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
    public static final String RID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    public static final String REPAIRED_RID = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

    public static final int AUDIO_LEVEL_ID = 1;
    public static final int ABS_SEND_TIME_ID = 2;
    public static final int TRANSPORT_CC_ID = 3;
    public static final int MID_ID = 4;
    public static final int RID_ID = 10;
    public static final int REPAIRED_RID_ID = 11;

    private static final List<ExtMap> AUDIO = List.of(
            new ExtMap(AUDIO_LEVEL_ID, AUDIO_LEVEL),
            new ExtMap(ABS_SEND_TIME_ID, ABS_SEND_TIME),
            new ExtMap(TRANSPORT_CC_ID, TRANSPORT_CC),
            new ExtMap(MID_ID, MID));

    private static final List<ExtMap> VIDEO = List.of(
            new ExtMap(ABS_SEND_TIME_ID, ABS_SEND_TIME),
            new ExtMap(TRANSPORT_CC_ID, TRANSPORT_CC),
            new ExtMap(MID_ID, MID),
            new ExtMap(RID_ID, RID),
            new ExtMap(REPAIRED_RID_ID, REPAIRED_RID));

    private HeaderExtensions() {
    }

    /** The extensions offered in a section of this kind, by ascending id. */
    public static List<ExtMap> offeredFor(MediaKind kind) {
        return switch (kind) {
            case AUDIO -> AUDIO;
            case VIDEO -> VIDEO;
            case APPLICATION -> List.of();
        };
    }
}
