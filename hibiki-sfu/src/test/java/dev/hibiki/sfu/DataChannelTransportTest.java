package dev.hibiki.sfu;

import dev.hibiki.dtls.DtlsRole;
import dev.hibiki.sctp.DataChannel;
import dev.hibiki.sctp.DataChannelOptions;
import dev.hibiki.sctp.SctpAssociation;
import dev.hibiki.sctp.SctpListener;
import dev.hibiki.sctp.SctpOptions;
import dev.hibiki.sctp.SctpRole;
import dev.hibiki.sdp.SessionDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A connection whose spec asks for data channels: its offer has the SCTP section, and its association, carried in the
 * transport's application data, reaches a browser-side association: channels open both ways, messages arrive, and
 * closing the connection ends the browser's association.
 */
class DataChannelTransportTest {

    private final ScheduledExecutorService browserTimers = Executors.newSingleThreadScheduledExecutor();
    private TestSfu sfu;

    @AfterEach
    void close() {
        if (sfu != null) sfu.close();
        browserTimers.shutdownNow();
    }

    @Test
    void channelsOpenBothWaysAndCarryMessages() throws Exception {
        sfu = new TestSfu(1);
        SfuSide server = new SfuSide();
        Connection connection = sfu.router("room").join(
                new ConnectionSpec("c1", false, false, false, false, null, null, null, false, true), server);
        RecordingTransport transport = transportOf(connection);
        String offer = connection.offer();
        assertThat(SessionDescription.parse(offer).media()).extracting(m -> m.media()).containsExactly("application");
        connection.applyAnswer(new BrowserAnswer().to(offer));

        BrowserSide browser = new BrowserSide();
        SctpAssociation peer = new SctpAssociation(transport.role == DtlsRole.CLIENT ? SctpRole.SERVER : SctpRole.CLIENT,
                (buf, off, len) -> transport.receiveApplicationData(java.util.Arrays.copyOfRange(buf, off, off + len)),
                browser, browserTimers, SctpOptions.defaults());
        transport.applicationDataPeer = packet -> peer.onPacket(packet, 0, packet.length);
        transport.connect();
        peer.start();

        assertThat(server.events.poll(5, TimeUnit.SECONDS)).isEqualTo("ready");
        DataChannel signaling = connection.openDataChannel("signaling", DataChannelOptions.reliable());
        assertThat(browser.opened.poll(5, TimeUnit.SECONDS)).isEqualTo("signaling");
        assertThat(server.events.poll(5, TimeUnit.SECONDS)).isEqualTo("open signaling");
        signaling.sendText("{\"type\":\"switched\"}");
        assertThat(browser.messages.poll(5, TimeUnit.SECONDS)).isEqualTo("signaling {\"type\":\"switched\"}");

        DataChannel chat = peer.openChannel("#chat", DataChannelOptions.reliable());
        assertThat(server.events.poll(5, TimeUnit.SECONDS)).isEqualTo("open #chat");
        chat.send("hello".getBytes(StandardCharsets.UTF_8), true);
        assertThat(server.events.poll(5, TimeUnit.SECONDS)).isEqualTo("message #chat hello binary");

        // A re-offer is several kilobytes: its packets must fit the DTLS records of the transport, both ways.
        String large = "a=ssrc:1 cname:x\r\n".repeat(1000);
        signaling.sendText(large);
        assertThat(browser.messages.poll(5, TimeUnit.SECONDS)).isEqualTo("signaling " + large);
        chat.send(large.getBytes(StandardCharsets.UTF_8), false);
        assertThat(server.events.poll(5, TimeUnit.SECONDS)).isEqualTo("message #chat " + large + " text");

        connection.close();
        assertThat(browser.closed.poll(5, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void aConnectionWithoutDataChannelsRefusesToOpenOne() throws Exception {
        sfu = new TestSfu(1);
        Connection connection = sfu.router("room").join(TestSfu.viewer("v1"), new SfuSide());
        connection.applyAnswer(new BrowserAnswer().to(connection.offer()));
        assertThatThrownBy(() -> connection.openDataChannel("signaling", DataChannelOptions.reliable()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no data channels");
    }

    private RecordingTransport transportOf(Connection connection) {
        return (RecordingTransport) connection.transport();
    }

    /** The SFU connection's listener: data channel events in order. */
    private static final class SfuSide implements ConnectionListener {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();

        @Override
        public void onConnected(Connection connection) {
        }

        @Override
        public void onRenegotiationNeeded(Connection connection, String offerSdp) {
        }

        @Override
        public void onClosed(Connection connection, String reason) {
        }

        @Override
        public void onDataChannelsReady(Connection connection) {
            events.add("ready");
        }

        @Override
        public void onDataChannelOpen(Connection connection, DataChannel channel) {
            events.add("open " + channel.label());
        }

        @Override
        public void onDataChannelMessage(Connection connection, DataChannel channel, byte[] data, boolean binary) {
            events.add("message " + channel.label() + " " + new String(data, StandardCharsets.UTF_8)
                    + (binary ? " binary" : " text"));
        }
    }

    /** The browser's association. */
    private static final class BrowserSide implements SctpListener {
        final BlockingQueue<String> opened = new LinkedBlockingQueue<>();
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final BlockingQueue<String> closed = new LinkedBlockingQueue<>();
        final List<DataChannel> channels = new CopyOnWriteArrayList<>();

        @Override
        public void onChannelOpen(DataChannel channel) {
            channels.add(channel);
            opened.add(channel.label());
        }

        @Override
        public void onMessage(DataChannel channel, byte[] data, boolean binary) {
            messages.add(channel.label() + " " + new String(data, StandardCharsets.UTF_8));
        }

        @Override
        public void onClosed(SctpAssociation association, String reason) {
            closed.add(reason == null ? "" : reason);
        }
    }
}
