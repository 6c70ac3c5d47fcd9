package dev.hibiki.live.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hibiki.live.channel.Channel;

/**
 * Another feature's say over a {@code connect} message, asked before its channel is looked up. The RICOH API admits
 * a connect that names one of its rooms (or a ticket of one) only with a valid ticket in {@code metadata}; Sora mode
 * opens a channel that exists only while it has connections. A gate registers with {@link ConnectGates}.
 */
public interface ConnectGate {

    /**
     * Where an admitted connection goes, and how it is kept alive.
     *
     * @param channelId    the channel it joins
     * @param pongRequired whether a connected client that stops answering pings is closed (Sora's rule); false for
     *                     clients whose protocol has no pong, which are then closed only when their media's ICE consent
     *                     lapses (an offered client must still answer, or connect, within the pong deadline)
     * @param channel      the channel itself when it is not stored (a Sora-mode channel, which lives while it has
     *                     connections); null to look the stored channel up
     * @param payouts      what an auth webhook's {@code allowed:true} answer would say (metadata, client_id, ...), to
     *                     apply to the connection; null for none. The channel's own auth webhook is not called then.
     */
    record Admission(String channelId, boolean pongRequired, Channel channel, ObjectNode payouts) {

        /** To a stored channel, with no payouts. */
        public Admission(String channelId, boolean pongRequired) {
            this(channelId, pongRequired, null, null);
        }
    }

    /**
     * @param channelId the connect message's {@code channel_id}
     * @param role      the role it asked for
     * @param metadata  its {@code metadata}; null or a JSON null when it sent none
     * @return the admission, or null when this gate has no say over the channel
     * @throws SignalingException to refuse the connection (the socket closes with the exception's code and message)
     */
    Admission admit(String channelId, Role role, JsonNode metadata) throws SignalingException;
}
