package dev.hibiki.sctp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** Packet-level behaviour: checksum, malformed input, verification tags, unknown chunks. */
class SctpPacketTest {

    @Test
    void crc32cMatchesTheRfc3720Vector() {
        CRC32C crc = new CRC32C();
        crc.update(new byte[32]);
        assertThat(crc.getValue()).isEqualTo(0x8A9136AAL);
    }

    @Test
    void builtPacketsCarryTheirChecksumLeastSignificantByteFirst() {
        byte[] packet = packet(0x01020304, out -> {
            out.beginChunk(Chunk.COOKIE_ACK, 0);
            out.endChunk();
        });
        byte[] zeroed = packet.clone();
        Arrays.fill(zeroed, 8, 12, (byte) 0);
        CRC32C crc = new CRC32C();
        crc.update(zeroed);
        long stored = (packet[8] & 0xff) | (packet[9] & 0xff) << 8 | (packet[10] & 0xff) << 16
                | (long) (packet[11] & 0xff) << 24;
        assertThat(stored).isEqualTo(crc.getValue());
        SctpPacket view = new SctpPacket();
        assertThat(view.wrap(packet, 0, packet.length)).isTrue();
        assertThat(view.checksumValid()).isTrue();
        assertThat(view.verificationTag()).isEqualTo(0x01020304);
    }

    @Test
    void malformedPacketsAreDroppedAndCounted() {
        Link link = new Link();
        link.establish();
        int tag = link.serverTag();
        byte[] heartbeat = packet(tag, SctpPacketTest::heartbeat);
        List<byte[]> bad = List.of(
                new byte[0],
                new byte[5],
                Arrays.copyOf(heartbeat, 14),
                withChunkLength(heartbeat, 2),
                withChunkLength(heartbeat, 400),
                withChecksumFixed(Arrays.copyOf(heartbeat, heartbeat.length - 3)));
        long before = link.server.stats().malformedPackets();
        for (byte[] b : bad) {
            link.server.onPacket(b, 0, b.length);
        }
        link.server.onPacket(heartbeat, 2, 3);
        link.server.onPacket(null, 0, 10);
        link.server.onPacket(heartbeat, 10, heartbeat.length);
        SctpStats stats = link.server.stats();
        assertThat(stats.malformedPackets() - before).isEqualTo(9);
        assertThat(link.server.internalErrors()).isZero();
        assertThat(link.server.isEstablished()).isTrue();
    }

    @Test
    void badChecksumWrongTagAndWrongPortAreDropped() {
        Link link = new Link();
        link.establish();
        int tag = link.serverTag();
        byte[] badChecksum = packet(tag, SctpPacketTest::heartbeat);
        badChecksum[8] ^= 1;
        byte[] wrongTag = packet(tag + 1, SctpPacketTest::heartbeat);
        byte[] wrongPort = packet(tag, SctpPacketTest::heartbeat);
        wrongPort[3] = 1;
        withChecksumFixed(wrongPort);
        int sentBefore = link.serverSent.size();
        long droppedBefore = link.server.stats().packetsDropped();
        for (byte[] b : List.of(badChecksum, wrongTag, wrongPort)) {
            link.server.onPacket(b, 0, b.length);
        }
        assertThat(link.server.stats().packetsDropped() - droppedBefore).isEqualTo(3);
        assertThat(link.serverSent).hasSize(sentBefore);
        byte[] good = packet(tag, SctpPacketTest::heartbeat);
        link.server.onPacket(good, 0, good.length);
        assertThat(link.serverSent).hasSize(sentBefore + 1);
        assertThat(firstChunkType(link.serverSent.getLast())).isEqualTo(Chunk.HEARTBEAT_ACK);
    }

    @Test
    void heartbeatIsEchoed() {
        Link link = new Link();
        link.establish();
        byte[] hb = packet(link.serverTag(), SctpPacketTest::heartbeat);
        link.server.onPacket(hb, 0, hb.length);
        byte[] ack = link.serverSent.getLast();
        assertThat(firstChunkType(ack)).isEqualTo(Chunk.HEARTBEAT_ACK);
        assertThat(Arrays.copyOfRange(ack, 14, ack.length)).isEqualTo(Arrays.copyOfRange(hb, 14, hb.length));
    }

    @Test
    void unknownChunksAreSkippedOrStopProcessingAsTheirTypeBitsSay() {
        Link link = new Link();
        link.establish();
        int tag = link.serverTag();
        byte[] skipAndReport = packet(tag, out -> {
            out.beginChunk(0xC5, 0);
            out.putInt(7);
            out.endChunk();
            heartbeat(out);
        });
        link.server.onPacket(skipAndReport, 0, skipAndReport.length);
        byte[] answer = link.serverSent.getLast();
        assertThat(chunkTypes(answer)).containsExactly(Chunk.ERROR, Chunk.HEARTBEAT_ACK);
        int sent = link.serverSent.size();
        byte[] stop = packet(tag, out -> {
            out.beginChunk(0x3F, 0);
            out.endChunk();
            heartbeat(out);
        });
        link.server.onPacket(stop, 0, stop.length);
        assertThat(link.serverSent).hasSize(sent);
        assertThat(link.server.stats().packetsDropped()).isZero();
    }

    @Test
    void forgedCookieIsRefused() {
        Link link = new Link();
        byte[] echo = cookieEcho(link).clone();
        echo[20] ^= 1;
        withChecksumFixed(echo);
        link.server.onPacket(echo, 0, echo.length);
        assertThat(link.server.isEstablished()).isFalse();
        assertThat(link.server.stats().packetsDropped()).isEqualTo(1);
        byte[] genuine = link.clientSent.getLast();
        link.server.onPacket(genuine, 0, genuine.length);
        assertThat(link.server.isEstablished()).isTrue();
    }

    @Test
    void expiredCookieIsRefused() {
        Link link = new Link();
        byte[] echo = cookieEcho(link);
        link.scheduler.advance(StateCookie.LIFETIME_MS + 1_000);
        link.server.onPacket(echo, 0, echo.length);
        assertThat(link.server.isEstablished()).isFalse();
        assertThat(link.server.stats().packetsDropped()).isEqualTo(1);
    }

    @Test
    void serverKeepsNoStateBeforeTheCookieEcho() {
        Link link = new Link();
        link.cut = true;
        link.server.start();
        for (int i = 0; i < 100; i++) {
            byte[] init = packet(0, out -> InitChunk.write(out, Chunk.INIT, 1234, 100_000, 10, 1, null));
            link.server.onPacket(init, 0, init.length);
        }
        assertThat(link.serverSent).hasSize(100).allSatisfy(p -> {
            assertThat(firstChunkType(p)).isEqualTo(Chunk.INIT_ACK);
            assertThat(SctpPacket.i32(p, 4)).isEqualTo(1234);
        });
        assertThat(link.server.isEstablished()).isFalse();
    }

    @Test
    void initParametersOfBrowsersAreReadOrSkipped() {
        // usrsctp (Firefox) and dcsctp (Chrome) put these around the parameters that matter here
        byte[] init = packet(0, out -> {
            out.beginChunk(Chunk.INIT, 0);
            out.putInt(0x11223344);
            out.putInt(131_072);
            out.putShort(1024);
            out.putShort(2048);
            out.putInt(77);
            out.putShort(InitChunk.PARAM_SUPPORTED_ADDRESS_TYPES);
            out.putShort(6);
            out.putShort(5);
            out.putShort(0);
            out.putShort(0x8000); // ECN capable
            out.putShort(4);
            out.putShort(0x8001); // zero checksum acceptable
            out.putShort(8);
            out.putInt(1);
            out.putShort(0x8002); // AUTH random
            out.putShort(8);
            out.putInt(0x01020304);
            out.putShort(InitChunk.PARAM_SUPPORTED_EXTENSIONS);
            out.putShort(8);
            out.putInt(0x82C040C2);
            out.putShort(0xC006); // adaptation layer indication
            out.putShort(8);
            out.putInt(0);
            out.endChunk();
        });
        InitChunk parsed = InitChunk.parse(init, 16, init.length - 16);
        assertThat(parsed).isNotNull();
        assertThat(parsed.initiateTag()).isEqualTo(0x11223344);
        assertThat(parsed.outboundStreams()).isEqualTo(1024);
        assertThat(parsed.inboundStreams()).isEqualTo(2048);
        assertThat(parsed.forwardTsn()).isTrue();
        assertThat(parsed.reconfig()).isTrue();
        assertThat(parsed.cookie()).isNull();

        Link link = new Link();
        link.cut = true;
        link.server.start();
        link.server.onPacket(init, 0, init.length);
        byte[] initAck = link.serverSent.getLast();
        assertThat(firstChunkType(initAck)).isEqualTo(Chunk.INIT_ACK);
        assertThat(SctpPacket.i32(initAck, 4)).isEqualTo(0x11223344);
        InitChunk answer = InitChunk.parse(initAck, 16, initAck.length - 16);
        assertThat(answer.cookie()).hasSize(StateCookie.LENGTH);
        assertThat(answer.forwardTsn()).isTrue();
        assertThat(answer.reconfig()).isTrue();
    }

    /** Runs INIT and INIT-ACK by hand and returns the client's COOKIE-ECHO, not yet delivered. */
    private static byte[] cookieEcho(Link link) {
        link.cut = true;
        link.server.start();
        link.client.start();
        link.server.onPacket(link.clientSent.getFirst(), 0, link.clientSent.getFirst().length);
        byte[] initAck = link.serverSent.getLast();
        link.client.onPacket(initAck, 0, initAck.length);
        byte[] echo = link.clientSent.getLast();
        assertThat(firstChunkType(echo)).isEqualTo(Chunk.COOKIE_ECHO);
        return echo;
    }

    static void heartbeat(PacketBuilder out) {
        out.beginChunk(Chunk.HEARTBEAT, 0);
        out.putShort(1);
        out.putShort(12);
        out.putInt(0xCAFEBABE);
        out.putInt(42);
        out.endChunk();
    }

    static byte[] packet(int tag, Consumer<PacketBuilder> chunks) {
        PacketBuilder out = new PacketBuilder();
        out.begin(5000, 5000, tag);
        chunks.accept(out);
        return out.finish();
    }

    private static byte[] withChunkLength(byte[] packet, int length) {
        byte[] b = packet.clone();
        b[14] = (byte) (length >>> 8);
        b[15] = (byte) length;
        return withChecksumFixed(b);
    }

    static byte[] withChecksumFixed(byte[] b) {
        Arrays.fill(b, 8, 12, (byte) 0);
        CRC32C crc = new CRC32C();
        crc.update(b);
        int sum = (int) crc.getValue();
        b[8] = (byte) sum;
        b[9] = (byte) (sum >>> 8);
        b[10] = (byte) (sum >>> 16);
        b[11] = (byte) (sum >>> 24);
        return b;
    }

    private static int firstChunkType(byte[] packet) {
        return packet[12] & 0xff;
    }

    private static List<Integer> chunkTypes(byte[] packet) {
        SctpPacket view = new SctpPacket();
        assertThat(view.wrap(packet, 0, packet.length)).isTrue();
        List<Integer> types = new java.util.ArrayList<>();
        while (view.nextChunk()) {
            types.add(view.chunkType());
        }
        return types;
    }
}
