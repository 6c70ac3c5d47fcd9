package dev.hibiki.sdp;

import java.util.Locale;
import java.util.Optional;

/** The video codecs a Sora client may ask for with {@code video.codec_type}, as far as Hibiki offers them. */
public enum VideoCodecType {
    VP8, VP9, H264, AV1;

    /**
     * Reads Sora's {@code codec_type} value. Empty for a codec Hibiki does not offer (such as {@code H265}), which
     * the caller should refuse at connect rather than offer something else.
     */
    public static Optional<VideoCodecType> fromSora(String codecType) {
        if (codecType == null) return Optional.empty();
        try {
            return Optional.of(valueOf(codecType.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }
}
