package dev.hibiki.sip.media;

import dev.hibiki.sip.RtmpState;

/** What a call's media thread reports; called on that thread. */
public interface MediaEvents {
    void rtmpState(RtmpState state);

    /** The first AAC frame reached the RTMP server. */
    void firstAudioPublished();

    /** Nothing arrived on the RTP ports for the configured time. */
    void rtpTimeout();

    /** The RTMP host is, or now resolves to, an address the gateway may not connect to; no more attempts follow. */
    void rtmpNotAllowed(String why);
}
