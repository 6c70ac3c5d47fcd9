package dev.hibiki.sip.media;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Keeps a {@code sendrecv} video stream alive towards the far end: the black picture of {@link BlackFrame} once a
 * second (single NAL units, FU-A for any above the payload size), RFC 6184 packetization mode 1.
 */
final class VideoFiller {
    private static final int MAX_PAYLOAD = 1200;
    private final DatagramChannel channel;
    private final InetSocketAddress remote;
    private final int payloadType;
    private final long ssrc = ThreadLocalRandom.current().nextInt() & 0xFFFFFFFFL;
    private final ByteBuffer packet = ByteBuffer.allocate(12 + MAX_PAYLOAD + 2);
    private int sequence = ThreadLocalRandom.current().nextInt(0x10000);
    private int timestamp = ThreadLocalRandom.current().nextInt();

    VideoFiller(DatagramChannel channel, InetSocketAddress remote, int payloadType) {
        this.channel = channel;
        this.remote = remote;
        this.payloadType = payloadType;
    }

    /** Sends the picture once; called every second. */
    void send() {
        List<byte[]> nals = BlackFrame.nalUnits();
        for (int n = 0; n < nals.size(); n++) {
            byte[] nal = nals.get(n);
            boolean last = n == nals.size() - 1;
            if (nal.length <= MAX_PAYLOAD) {
                write(nal, 0, nal.length, null, last);
                continue;
            }
            byte header = nal[0];
            int off = 1;
            while (off < nal.length) {
                int len = Math.min(MAX_PAYLOAD, nal.length - off);
                boolean start = off == 1;
                boolean end = off + len == nal.length;
                byte[] fu = {(byte) ((header & 0xE0) | 28),
                        (byte) ((start ? 0x80 : 0) | (end ? 0x40 : 0) | (header & 0x1F))};
                write(nal, off, len, fu, last && end);
                off += len;
            }
        }
        timestamp += 90_000;
    }

    private void write(byte[] data, int off, int len, byte[] prefix, boolean marker) {
        if (!MediaPlan.sendable(remote)) return;
        packet.clear();
        packet.put((byte) 0x80);
        packet.put((byte) ((marker ? 0x80 : 0) | payloadType));
        packet.putShort((short) sequence++);
        packet.putInt(timestamp);
        packet.putInt((int) ssrc);
        if (prefix != null) packet.put(prefix);
        packet.put(data, off, len);
        packet.flip();
        try {
            channel.send(packet, remote);
        } catch (IOException e) {
            // best effort, like all RTP
        }
    }
}
