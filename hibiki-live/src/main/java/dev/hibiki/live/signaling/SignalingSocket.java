package dev.hibiki.live.signaling;

/** The WebSocket under one signaling session: text frames out, and a close with a code and reason. */
interface SignalingSocket {
    void send(String text);

    void close(int code, String reason);
}
