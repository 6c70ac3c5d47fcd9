package dev.hibiki.live.signaling;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Another feature's say over a {@code connect} message, asked before its channel is looked up. The RICOH API admits
 * a connect that names one of its rooms (or a ticket of one) only with a valid ticket in {@code metadata}, and names
 * the channel the connection then joins.
 */
public interface ConnectGate {

    /**
     * Where an admitted connection goes, and how it is kept alive.
     *
     * @param channelId    the channel it joins
     * @param pongRequired whether a connected client that stops answering pings is closed (Sora's rule); false for
     *                     clients whose protocol has no pong, which are then closed only when their media's ICE consent
     *                     lapses (an offered client must still answer, or connect, within the pong deadline)
     */
    record Admission(String channelId, boolean pongRequired) {
    }

    /**
     * @param channelId the connect message's {@code channel_id}
     * @param role      the role it asked for
     * @param metadata  its {@code metadata}; null or a JSON null when it sent none
     * @return the admission: to {@code channelId} itself, pongs required, when this gate has no say over it
     * @throws SignalingException to refuse the connection (the socket closes with the exception's code and message)
     */
    Admission admit(String channelId, Role role, JsonNode metadata) throws SignalingException;

    /** No gate: every connect goes to the channel it names. */
    ConnectGate OPEN = (channelId, role, metadata) -> new Admission(channelId, true);
}
