package dev.hibiki.sdp;

import java.util.Locale;
import java.util.Optional;

/** The audio codecs a Sora client may ask for with {@code audio.codec_type}, as far as Hibiki offers them. */
public enum AudioCodecType {
    OPUS;

    /** Reads Sora's {@code codec_type} value; empty for a codec Hibiki does not offer. */
    public static Optional<AudioCodecType> fromSora(String codecType) {
        if (codecType == null) return Optional.empty();
        try {
            return Optional.of(valueOf(codecType.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }
}
