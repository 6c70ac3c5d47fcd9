package dev.hibiki.sip.media;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VideoFillerTest {
    @Test
    void theBlackPictureArrivesAsOneDecodableKeyFrame() throws Exception {
        assertThat(BlackFrame.nalUnits()).extracting(n -> n[0] & 0x1F).containsExactly(7, 8, 5);
        try (DatagramChannel sender = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             DatagramChannel receiver = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            new VideoFiller(sender, (InetSocketAddress) receiver.getLocalAddress(), 96).send();
            List<Boolean> keyFrames = new ArrayList<>();
            H264Depacketizer d = new H264Depacketizer((data, len, ts, key) -> keyFrames.add(key));
            receiver.configureBlocking(false);
            ByteBuffer buf = ByteBuffer.allocate(2048);
            dev.hibiki.rtp.RtpPacket rtp = new dev.hibiki.rtp.RtpPacket();
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (keyFrames.isEmpty() && System.nanoTime() < deadline) {
                buf.clear();
                if (receiver.receive(buf) == null) {
                    Thread.sleep(5);
                    continue;
                }
                assertThat(rtp.wrap(buf.array(), 0, buf.position())).isTrue();
                assertThat(rtp.payloadType()).isEqualTo(96);
                d.packet(rtp.buffer(), rtp.payloadOffset(), rtp.payloadLength(), rtp.sequenceNumber(), rtp.timestamp(),
                        rtp.marker());
            }
            assertThat(keyFrames).containsExactly(true);
            assertThat(d.size()).isEqualTo(new H264Sps(BlackFrame.WIDTH, BlackFrame.HEIGHT));
        }
    }
}
