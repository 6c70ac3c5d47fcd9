package dev.hibiki.sfu;

import dev.hibiki.dtls.DtlsRole;
import dev.hibiki.sctp.DataChannel;
import dev.hibiki.sctp.DataChannelOptions;
import dev.hibiki.sctp.SctpAssociation;
import dev.hibiki.sctp.SctpListener;
import dev.hibiki.sctp.SctpOptions;
import dev.hibiki.sctp.SctpRole;

import java.util.concurrent.ScheduledExecutorService;

/**
 * The data channels of one connection: an SCTP association carried in its DTLS application data, whose events go to
 * the connection's listener. Packets come in on the connection's DTLS thread; the association's own lock orders them
 * with sends from other threads (relayed messages, signaling).
 */
final class DataChannelTransport implements SctpListener {

    private final Connection connection;
    private final ConnectionListener listener;
    private final SctpAssociation association;

    DataChannelTransport(Connection connection, ConnectionListener listener, MediaTransport transport, DtlsRole role,
                         ScheduledExecutorService timers) {
        this.connection = connection;
        this.listener = listener;
        // RFC 8832 6: the DTLS client takes the even stream ids; the SCTP roles follow the DTLS ones.
        this.association = new SctpAssociation(role == DtlsRole.CLIENT ? SctpRole.CLIENT : SctpRole.SERVER,
                transport::sendApplicationData, this, timers, SctpOptions.defaults());
    }

    /** DTLS is up: as the SCTP client, send INIT (the browser usually sends its own first). */
    void start() {
        association.start();
    }

    void onPacket(byte[] buf, int off, int len) {
        association.onPacket(buf, off, len);
    }

    DataChannel open(String label, DataChannelOptions options) {
        return association.openChannel(label, options);
    }

    /** Ends the association at once: the peer's channels close without waiting for a graceful shutdown. */
    void close() {
        association.abort("connection closed");
    }

    @Override
    public void onEstablished(SctpAssociation association) {
        listener.onDataChannelsReady(connection);
    }

    @Override
    public void onChannelOpen(DataChannel channel) {
        listener.onDataChannelOpen(connection, channel);
    }

    @Override
    public void onMessage(DataChannel channel, byte[] data, boolean binary) {
        listener.onDataChannelMessage(connection, channel, data, binary);
    }

    @Override
    public void onChannelClosed(DataChannel channel) {
        listener.onDataChannelClosed(connection, channel);
    }
}
