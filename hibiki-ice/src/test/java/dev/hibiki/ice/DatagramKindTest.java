package dev.hibiki.ice;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DatagramKindTest {
    @Test
    void datagramKindsFollowRfc7983() {
        assertThat(DatagramKind.classify(0)).isEqualTo(DatagramKind.STUN);
        assertThat(DatagramKind.classify(3)).isEqualTo(DatagramKind.STUN);
        assertThat(DatagramKind.classify(4)).isEqualTo(DatagramKind.UNKNOWN);
        assertThat(DatagramKind.classify(16)).isEqualTo(DatagramKind.ZRTP);
        assertThat(DatagramKind.classify(20)).isEqualTo(DatagramKind.DTLS);
        assertThat(DatagramKind.classify(63)).isEqualTo(DatagramKind.DTLS);
        assertThat(DatagramKind.classify(64)).isEqualTo(DatagramKind.TURN_CHANNEL);
        assertThat(DatagramKind.classify(127)).isEqualTo(DatagramKind.UNKNOWN);
        assertThat(DatagramKind.classify(128)).isEqualTo(DatagramKind.RTP);
        assertThat(DatagramKind.classify(191)).isEqualTo(DatagramKind.RTP);
        assertThat(DatagramKind.classify(192)).isEqualTo(DatagramKind.UNKNOWN);
        assertThat(DatagramKind.classify(new byte[0], 0, 0)).isEqualTo(DatagramKind.UNKNOWN);
    }
}
