package dev.hibiki.sip;

/**
 * One call to place and stream.
 *
 * @param callee   a user at the account's domain ({@code conf1}), {@code user@host}, a bare host, or a full
 *                 {@code sip:} URI
 * @param rtmpUrl  the application URL such as {@code rtmp://cdn.example/live}
 * @param hasAudio send audio (silence) to the far end: {@code sendrecv}; false offers audio {@code recvonly}
 * @param hasVideo offer H.264 video too, {@code sendrecv}
 * @param toStream an optional stream name on the far side (sent as the X-To-Stream header), or null
 */
public record CallRequest(String callId, String callee, String rtmpUrl, String rtmpStream, boolean hasAudio,
                          boolean hasVideo, String toStream, SipAccount account) {

    /** Where the stream is published: {@code rtmpUrl/rtmpStream}. */
    public String rtmpTarget() {
        return rtmpUrl.endsWith("/") ? rtmpUrl + rtmpStream : rtmpUrl + "/" + rtmpStream;
    }
}
