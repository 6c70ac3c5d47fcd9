package dev.hibiki.live.signaling;

import java.util.List;

/**
 * The data channels a connection asked for in {@code connect} (docs/API.md, "Data channels").
 *
 * @param signaling                 {@code data_channel_signaling}: signaling, notify, push and stats move to data
 *                                  channels once they are open ({@code switched})
 * @param ignoreDisconnectWebSocket {@code ignore_disconnect_websocket}: after {@code switched} the client closes its
 *                                  WebSocket and the connection lives on its data channels alone
 * @param messaging                 the {@code #label} channels, in the order asked
 */
public record DataChannelPlan(boolean signaling, boolean ignoreDisconnectWebSocket, List<MessagingLabel> messaging) {

    public static final DataChannelPlan NONE = new DataChannelPlan(false, false, List.of());

    /**
     * What a connect that does not say gets: the server's {@code signaling.data_channel_signaling} and
     * {@code signaling.ignore_disconnect_websocket} (Sora's server defaults).
     */
    public record Defaults(boolean signaling, boolean ignoreDisconnectWebSocket) {
        public static final Defaults OFF = new Defaults(false, false);
    }

    public DataChannelPlan {
        messaging = List.copyOf(messaging);
    }

    /** The connection needs an SCTP association. */
    public boolean any() {
        return signaling || !messaging.isEmpty();
    }

    /** The {@code data_channels} entry for one label, or null. */
    public MessagingLabel label(String label) {
        for (MessagingLabel m : messaging) {
            if (m.label().equals(label)) return m;
        }
        return null;
    }

    /**
     * One {@code data_channels} entry.
     *
     * @param direction          {@code sendrecv}, {@code sendonly} or {@code recvonly}: what the client does on it
     * @param maxPacketLifeTime  milliseconds, or null
     * @param maxRetransmits     or null
     * @param compress           payloads are zlib-compressed both ways
     * @param senderHeader       messages reaching this client start with the sender's 26-byte connection id
     */
    public record MessagingLabel(String label, String direction, boolean ordered, Integer maxPacketLifeTime,
                                 Integer maxRetransmits, String protocol, boolean compress, boolean senderHeader) {

        /** The client sends on this label. */
        public boolean sends() {
            return !direction.equals("recvonly");
        }

        /** The client receives on this label. */
        public boolean receives() {
            return !direction.equals("sendonly");
        }
    }
}
