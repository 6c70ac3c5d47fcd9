package dev.hibiki.sip.media;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicInteger;

/** The UDP sockets a call receives RTP on: audio, and video when offered. Even port numbers, as RTP wants. */
public record RtpPorts(DatagramChannel audio, DatagramChannel video) implements AutoCloseable {

    public int audioPort() {
        return ((InetSocketAddress) localAddress(audio)).getPort();
    }

    public int videoPort() {
        return video == null ? 0 : ((InetSocketAddress) localAddress(video)).getPort();
    }

    private static java.net.SocketAddress localAddress(DatagramChannel c) {
        try {
            return c.getLocalAddress();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            audio.close();
        } catch (IOException ignored) {
            // closing; nothing to do
        }
        if (video != null) {
            try {
                video.close();
            } catch (IOException ignored) {
                // closing; nothing to do
            }
        }
    }

    /** Hands out ports from a range, round robin, skipping ports another process holds. */
    public static final class Allocator {
        private final InetAddress address;
        private final int min;
        private final int max;
        private final AtomicInteger next;

        public Allocator(InetAddress address, int min, int max) {
            if (min % 2 != 0) min++;
            if (max < min + 2) throw new IllegalArgumentException("the RTP port range needs at least two even ports");
            this.address = address;
            this.min = min;
            this.max = max;
            this.next = new AtomicInteger(min);
        }

        public RtpPorts open(boolean withVideo) throws IOException {
            DatagramChannel audio = bind();
            try {
                return new RtpPorts(audio, withVideo ? bind() : null);
            } catch (IOException e) {
                audio.close();
                throw e;
            }
        }

        private DatagramChannel bind() throws IOException {
            int span = (max - min) / 2 + 1;
            for (int i = 0; i < span; i++) {
                int port = next.getAndUpdate(p -> p + 2 > max ? min : p + 2);
                DatagramChannel c = DatagramChannel.open();
                try {
                    c.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 256 * 1024);
                    c.bind(new InetSocketAddress(address, port));
                    c.configureBlocking(false);
                    return c;
                } catch (IOException e) {
                    c.close();
                }
            }
            throw new IOException("no free RTP port in " + min + "-" + max);
        }
    }
}
