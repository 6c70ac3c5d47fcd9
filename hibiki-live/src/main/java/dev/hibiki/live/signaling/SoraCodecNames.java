package dev.hibiki.live.signaling;

import dev.hibiki.sdp.AudioCodecType;
import dev.hibiki.sdp.VideoCodecType;

import java.util.Optional;

/**
 * Sora's codec names ({@code video.codec_type} and {@code audio.codec_type} of a connect message, and the auth
 * webhook's overrides) and the codec types of the SFU's offers they stand for. Sora spells them in upper case;
 * {@link ConnectRequestParser} and {@link AuthOverrides} refuse every other spelling, with the reason the client
 * sees, before a name gets here.
 */
final class SoraCodecNames {

    private SoraCodecNames() {
    }

    /** The video codec type Sora's {@code codec_type} names; empty for null or a codec Hibiki does not offer. */
    static Optional<VideoCodecType> video(String codecType) {
        if (codecType == null) return Optional.empty();
        return switch (codecType) {
            case "VP8" -> Optional.of(VideoCodecType.VP8);
            case "VP9" -> Optional.of(VideoCodecType.VP9);
            case "AV1" -> Optional.of(VideoCodecType.AV1);
            case "H264" -> Optional.of(VideoCodecType.H264);
            default -> Optional.empty();
        };
    }

    /** The audio codec type Sora's {@code codec_type} names; empty for null or a codec Hibiki does not offer. */
    static Optional<AudioCodecType> audio(String codecType) {
        return "OPUS".equals(codecType) ? Optional.of(AudioCodecType.OPUS) : Optional.empty();
    }

    /**
     * The video codec an admitted request's offer is restricted to: null, every codec, when the client named none.
     *
     * @throws IllegalArgumentException for a name the connect checks should have refused
     */
    static VideoCodecType videoToOffer(String codecType) {
        if (codecType == null) return null;
        return video(codecType)
                .orElseThrow(() -> new IllegalArgumentException("not a Sora video codec_type: " + codecType));
    }
}
