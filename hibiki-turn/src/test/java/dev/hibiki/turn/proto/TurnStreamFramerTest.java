package dev.hibiki.turn.proto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hibiki.ice.stun.StunMessageType;
import dev.hibiki.ice.stun.StunMessageWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TurnStreamFramerTest {
    private static final byte[] STUN = new StunMessageWriter(64)
            .begin(StunMessageType.BINDING_REQUEST, new byte[12], 0).addSoftware("abc").toByteArray();

    private static byte[] channelData(int channel, int dataLength, boolean padded) {
        byte[] b = new byte[padded ? ChannelData.paddedLength(dataLength) : 4 + dataLength];
        ChannelData.writeHeader(b, 0, channel, dataLength);
        for (int i = 0; i < dataLength; i++) {
            b[4 + i] = (byte) (i + 1);
        }
        return b;
    }

    private static byte[] stream() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(STUN);
        out.writeBytes(channelData(0x4000, 5, true));
        out.writeBytes(channelData(0x4001, 8, true));
        out.writeBytes(STUN);
        return out.toByteArray();
    }

    /** Every message the framer yields, reading with {@code in}. */
    private static List<byte[]> frames(InputStream in) throws IOException {
        TurnStreamFramer framer = new TurnStreamFramer();
        List<byte[]> frames = new ArrayList<>();
        while (framer.readFrom(in) >= 0) {
            TurnStreamFramer.Result result;
            while ((result = framer.next()) == TurnStreamFramer.Result.MESSAGE) {
                frames.add(Arrays.copyOfRange(framer.buffer(), framer.messageOffset(),
                        framer.messageOffset() + framer.messageLength()));
            }
            assertThat(result).isEqualTo(TurnStreamFramer.Result.NEED_MORE);
        }
        return frames;
    }

    @Test
    void coalescedMessagesAreSplitWithoutTheirPadding() throws IOException {
        List<byte[]> frames = frames(new ByteArrayInputStream(stream()));

        assertThat(frames).hasSize(4);
        assertThat(frames.get(0)).isEqualTo(STUN);
        assertThat(frames.get(1)).isEqualTo(channelData(0x4000, 5, false));
        assertThat(frames.get(2)).isEqualTo(channelData(0x4001, 8, false));
        assertThat(frames.get(3)).isEqualTo(STUN);
    }

    @Test
    void aMessageSplitAcrossReadsOfEverySizeIsReassembled() throws IOException {
        byte[] stream = stream();
        for (int chunk = 1; chunk <= 7; chunk++) {
            int size = chunk;
            InputStream trickle = new ByteArrayInputStream(stream) {
                @Override
                public synchronized int read(byte[] b, int off, int len) {
                    return super.read(b, off, Math.min(len, size));
                }
            };
            List<byte[]> frames = frames(trickle);
            assertThat(frames).as("reads of %d bytes", chunk).hasSize(4);
            assertThat(frames.get(2)).isEqualTo(channelData(0x4001, 8, false));
        }
    }

    @Test
    void aMaximalChannelDataMessageFits() throws IOException {
        byte[] big = channelData(0x4002, 65535, true);
        List<byte[]> frames = frames(new ByteArrayInputStream(big));

        assertThat(frames).hasSize(1);
        assertThat(frames.get(0)).hasSize(4 + 65535);
    }

    @Test
    void aMessageLongerThanTheFramerTakesIsMalformedBeforeItArrives() {
        TurnStreamFramer framer = new TurnStreamFramer(1024);
        byte[] header = channelData(0x4000, 1021, true);
        framer.append(header, 0, 4);

        assertThat(framer.next()).isEqualTo(TurnStreamFramer.Result.MALFORMED);

        TurnStreamFramer fits = new TurnStreamFramer(1024);
        byte[] largest = channelData(0x4000, 1020, true);
        fits.append(largest, 0, largest.length);
        assertThat(fits.next()).isEqualTo(TurnStreamFramer.Result.MESSAGE);
    }

    @Test
    void aFirstByteThatIsNeitherStunNorChannelDataIsMalformed() {
        TurnStreamFramer framer = new TurnStreamFramer();
        framer.append(new byte[] {(byte) 0x80, 0, 0, 0}, 0, 4);

        assertThat(framer.next()).isEqualTo(TurnStreamFramer.Result.MALFORMED);
    }

    @Test
    void aStunLengthThatIsNoMultipleOfFourIsMalformed() {
        TurnStreamFramer framer = new TurnStreamFramer();
        framer.append(new byte[] {0, 1, 0, 5}, 0, 4);

        assertThat(framer.next()).isEqualTo(TurnStreamFramer.Result.MALFORMED);
    }
}
