package dev.hibiki.turn.proto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChannelDataTest {
    @Test
    void headerRoundTripsAndPaddingRoundsUpToFour() {
        byte[] b = new byte[16];
        ChannelData.writeHeader(b, 2, 0x4001, 5);

        assertThat(ChannelData.looksLikeChannelData(b, 2, 9)).isTrue();
        assertThat(ChannelData.channel(b, 2)).isEqualTo(0x4001);
        assertThat(ChannelData.dataLength(b, 2)).isEqualTo(5);
        assertThat(ChannelData.paddedLength(5)).isEqualTo(12);
        assertThat(ChannelData.paddedLength(4)).isEqualTo(8);
        assertThat(ChannelData.paddedLength(0)).isEqualTo(4);
    }

    @Test
    void aDatagramMayCarryPaddingButNotLessDataOrMoreThanPadding() {
        byte[] b = new byte[16];
        ChannelData.writeHeader(b, 0, 0x4FFF, 5);

        assertThat(ChannelData.isComplete(b, 0, 9)).as("exact").isTrue();
        assertThat(ChannelData.isComplete(b, 0, 12)).as("padded").isTrue();
        assertThat(ChannelData.isComplete(b, 0, 8)).as("short").isFalse();
        assertThat(ChannelData.isComplete(b, 0, 13)).as("trailing bytes beyond padding").isFalse();
    }

    @Test
    void channelNumbersOfRfc5766AreAcceptedButNothingBelowOrAbove() {
        assertThat(ChannelData.isValidChannel(0x3FFF)).isFalse();
        assertThat(ChannelData.isValidChannel(0x4000)).isTrue();
        assertThat(ChannelData.isValidChannel(0x4FFF)).isTrue();
        assertThat(ChannelData.isValidChannel(0x7FFF)).as("RFC 5766's range, which coturn's client uses").isTrue();
        assertThat(ChannelData.isValidChannel(0x8000)).isFalse();
    }

    @Test
    void stunIsNotChannelData() {
        byte[] stun = {0x00, 0x01, 0x00, 0x00};
        assertThat(ChannelData.looksLikeChannelData(stun, 0, 4)).isFalse();
        assertThat(ChannelData.looksLikeChannelData(new byte[] {0x40, 0, 0}, 0, 3)).as("too short").isFalse();
    }
}
