package dev.hibiki.live.config;

import dev.hibiki.live.signaling.DataChannelPlan;

import java.net.InetAddress;
import java.util.List;

/**
 * The WebRTC connections' settings.
 *
 * @param port         the one UDP port every peer's media uses (0: any free port)
 * @param addresses    the addresses announced in ICE candidates; empty: the machine's interface addresses
 * @param tcp          whether ICE-TCP is accepted on the same port number, for clients that cannot send UDP
 * @param dataChannels what a connect that does not say gets: data channel signaling, and whether the connection
 *                     then outlives its WebSocket ({@code signaling.data_channel_signaling},
 *                     {@code signaling.ignore_disconnect_websocket})
 */
public record MediaSettings(int port, List<InetAddress> addresses, int sendWorkers, boolean tcp,
                            DataChannelPlan.Defaults dataChannels) {

    public static final MediaSettings DEFAULT = new MediaSettings(50000, List.of(), 0, true);

    public MediaSettings {
        addresses = List.copyOf(addresses);
    }

    /** Data channel signaling only when a connect asks for it, as by default. */
    public MediaSettings(int port, List<InetAddress> addresses, int sendWorkers, boolean tcp) {
        this(port, addresses, sendWorkers, tcp, DataChannelPlan.Defaults.OFF);
    }

    public MediaSettings(int port, List<InetAddress> addresses) {
        this(port, addresses, 0);
    }

    /** With ICE-TCP, as by default. */
    public MediaSettings(int port, List<InetAddress> addresses, int sendWorkers) {
        this(port, addresses, sendWorkers, true);
    }

    /** Send workers to start: the configured number, or one per available processor when it is 0. */
    public int sendWorkersOrDefault() {
        return sendWorkers > 0 ? sendWorkers : Runtime.getRuntime().availableProcessors();
    }
}
