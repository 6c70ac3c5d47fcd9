package dev.hibiki.sip.media;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class H264DepacketizerTest {
    record Unit(byte[] data, boolean key) {
    }

    private final List<Unit> units = new ArrayList<>();
    private final H264Depacketizer d = new H264Depacketizer((data, len, ts, key) ->
            units.add(new Unit(java.util.Arrays.copyOf(data, len), key)));

    // SPS of a 320x240 baseline stream (x264)
    static final byte[] SPS = {0x67, 0x42, (byte) 0xc0, 0x0d, (byte) 0xda, 0x05, 0x07, (byte) 0xec, 0x04, 0x40, 0x00,
            0x00, 0x03, 0x00, 0x40, 0x00, 0x00, 0x07, (byte) 0xa3, (byte) 0xc5, 0x0a, (byte) 0xa8};
    static final byte[] PPS = {0x68, (byte) 0xce, 0x0f, (byte) 0xc8};

    @Test
    void stapAThenFuAMakeOneKeyFrameAndTheSpsGivesTheSize() {
        byte[] stap = new byte[1 + 2 + SPS.length + 2 + PPS.length];
        stap[0] = 24;
        stap[2] = (byte) SPS.length;
        System.arraycopy(SPS, 0, stap, 3, SPS.length);
        stap[3 + SPS.length + 1] = (byte) PPS.length;
        System.arraycopy(PPS, 0, stap, 3 + SPS.length + 2, PPS.length);
        d.packet(stap, 0, stap.length, 1, 9000, false);
        d.packet(new byte[] {0x7C, (byte) 0x85, 1, 2}, 0, 4, 2, 9000, false); // FU-A start of an IDR
        d.packet(new byte[] {0x7C, 0x45, 3, 4}, 0, 4, 3, 9000, true);         // FU-A end
        assertThat(units).hasSize(1);
        assertThat(units.getFirst().key()).isTrue();
        byte[] au = units.getFirst().data();
        assertThat(au[4]).isEqualTo((byte) 0x67);
        // the reassembled IDR: start code, rebuilt header 0x65, the two fragments' bytes
        assertThat(java.util.Arrays.copyOfRange(au, au.length - 9, au.length))
                .containsExactly(0, 0, 0, 1, 0x65, 1, 2, 3, 4);
        assertThat(d.parameterSets()).isNotNull();
        assertThat(d.size()).isEqualTo(new H264Sps(320, 240));
    }

    @Test
    void aLostPacketDropsUnitsUntilTheNextKeyFrame() {
        d.packet(new byte[] {0x65, 1}, 0, 2, 10, 0, true);
        d.packet(new byte[] {0x41, 1}, 0, 2, 12, 3000, true); // 11 was lost
        d.packet(new byte[] {0x41, 2}, 0, 2, 13, 6000, true);
        d.packet(new byte[] {0x65, 3}, 0, 2, 14, 9000, true);
        assertThat(units).extracting(Unit::key).containsExactly(true, true);
    }
}
