package dev.hibiki.live.signaling;

import dev.hibiki.sdp.AudioCodecType;
import dev.hibiki.sdp.VideoCodecType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SoraCodecNamesTest {

    @Test
    void readsSorasVideoCodecNames() {
        assertThat(SoraCodecNames.video("VP8")).contains(VideoCodecType.VP8);
        assertThat(SoraCodecNames.video("VP9")).contains(VideoCodecType.VP9);
        assertThat(SoraCodecNames.video("AV1")).contains(VideoCodecType.AV1);
        assertThat(SoraCodecNames.video("H264")).contains(VideoCodecType.H264);
    }

    @ParameterizedTest
    @ValueSource(strings = {"H265", "vp9", "h264", "VP10", ""})
    void aVideoCodecHibikiDoesNotOfferOrAnotherSpellingIsNone(String name) {
        assertThat(SoraCodecNames.video(name)).isEmpty();
    }

    @Test
    void readsSorasAudioCodecName() {
        assertThat(SoraCodecNames.audio("OPUS")).contains(AudioCodecType.OPUS);
        assertThat(SoraCodecNames.audio("opus")).isEmpty();
        assertThat(SoraCodecNames.audio("PCMU")).isEmpty();
        assertThat(SoraCodecNames.audio(null)).isEmpty();
    }

    @Test
    void everyVideoCodecTheConnectMessageAcceptsHasACodecTypeToOffer() {
        // The connect checks and this mapping are two lists of the same names: a name accepted there and unknown
        // here would fail the join as an internal error.
        for (String name : ConnectRequestParser.VIDEO_CODECS) {
            assertThat(SoraCodecNames.videoToOffer(name)).as(name).isNotNull();
        }
    }

    @Test
    void noVideoCodecNamedOffersEveryCodec() {
        assertThat(SoraCodecNames.video(null)).isEmpty();
        assertThat(SoraCodecNames.videoToOffer(null)).isNull();
        assertThatThrownBy(() -> SoraCodecNames.videoToOffer("H265")).isInstanceOf(IllegalArgumentException.class);
    }
}
