package dev.hibiki.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every codec Hibiki offers, each with a payload type that never changes. Fixed payload types let the SFU forward
 * a publisher's packets to every viewer without rewriting the payload type, and keep re-offers consistent.
 */
public final class CodecCatalog {

    /** What Chrome writes for its own video codecs; all five are needed for RTX, PLI/FIR and both congestion controllers. */
    public static final List<String> VIDEO_FEEDBACK = List.of("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli");
    public static final List<String> AUDIO_FEEDBACK = List.of("transport-cc");

    public static final Codec VP8 = new Codec(MediaKind.VIDEO, "VP8", 96, 90000, 0, "", VIDEO_FEEDBACK, 97);
    public static final Codec VP9 = new Codec(MediaKind.VIDEO, "VP9", 98, 90000, 0, "profile-id=0", VIDEO_FEEDBACK, 99);
    /** Constrained Baseline 3.1, the H.264 profile every WebRTC endpoint decodes. */
    public static final Codec H264_BASELINE = new Codec(MediaKind.VIDEO, "H264", 100, 90000, 0,
            "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", VIDEO_FEEDBACK, 101);
    /** Constrained High 3.1, what hardware encoders prefer. */
    public static final Codec H264_HIGH = new Codec(MediaKind.VIDEO, "H264", 102, 90000, 0,
            "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=640c1f", VIDEO_FEEDBACK, 103);
    public static final Codec AV1 = new Codec(MediaKind.VIDEO, "AV1", 104, 90000, 0,
            "level-idx=5;profile=0;tier=0", VIDEO_FEEDBACK, 105);
    public static final Codec OPUS = new Codec(MediaKind.AUDIO, "opus", 111, 48000, 2,
            "minptime=10;useinbandfec=1", AUDIO_FEEDBACK, Codec.NO_RTX);

    /** Order used when the client names no codec: Sora's default (VP9) first. */
    private static final List<Codec> ALL_VIDEO = List.of(VP9, VP8, AV1, H264_BASELINE, H264_HIGH);

    private CodecCatalog() {
    }

    /** Every video codec, preferred first. */
    public static List<Codec> video() {
        return ALL_VIDEO;
    }

    /**
     * The video codecs to offer when the client asked for one codec type: only that codec and its RTX. For H264
     * both profiles are offered, baseline first, so the browser picks what its encoder supports.
     */
    public static List<Codec> video(VideoCodecType only) {
        if (only == null) return ALL_VIDEO;
        return switch (only) {
            case VP8 -> List.of(VP8);
            case VP9 -> List.of(VP9);
            case H264 -> List.of(H264_BASELINE, H264_HIGH);
            case AV1 -> List.of(AV1);
        };
    }

    /** The audio codecs to offer for a requested type (null: the default, Opus). */
    public static List<Codec> audio(AudioCodecType type, boolean stereo, boolean dtx) {
        return List.of(opus(stereo, dtx)); // Opus is the only audio codec offered so far, whatever was asked
    }

    /** Opus with the optional parameters a Sora client may ask for in {@code opus_params}. */
    public static Codec opus(boolean stereo, boolean dtx) {
        return opus(stereo, dtx, null);
    }

    /**
     * @param maxAverageBitrate the bit rate (bps) a sender's Opus encoder is asked to keep to on average
     *                          (RFC 7587 {@code maxaveragebitrate}, 6000 to 510000), or null for its own choice
     */
    public static Codec opus(boolean stereo, boolean dtx, Integer maxAverageBitrate) {
        String fmtp = OPUS.fmtp() + (stereo ? ";stereo=1;sprop-stereo=1" : "") + (dtx ? ";usedtx=1" : "")
                + (maxAverageBitrate == null ? "" : ";maxaveragebitrate=" + maxAverageBitrate);
        return OPUS.withFmtp(fmtp);
    }

    /** The catalogue codec with this payload type (RTX payload types excluded). */
    public static Optional<Codec> byPayloadType(int payloadType) {
        List<Codec> all = new ArrayList<>(ALL_VIDEO);
        all.add(OPUS);
        for (Codec c : all) {
            if (c.payloadType() == payloadType) return Optional.of(c);
        }
        return Optional.empty();
    }
}
