package dev.hibiki.live.channel;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class AudioBitratesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "32000,32000", "40000,40000", "48000,48000", "56000,56000", "64000,64000", "80000,80000",
            "96000,96000", "112000,112000", "128000,128000", "160000,160000", "192000,192000", "224000,224000",
            "256000,256000", "320000,320000",
            "31999,32000", "-5,32000", "0,32000", "39999,32000", "63999,56000", "95999,80000", "96001,96000",
            "319999,256000", "320001,320000", "9223372036854775807,320000"})
    void snapsToTheLargestAllowedValueNotAboveTheRequest(long requested, int expected) {
        assertThat(AudioBitrates.snap(requested)).isEqualTo(expected);
    }
}
