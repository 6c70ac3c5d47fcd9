package dev.hibiki.sdp;

/**
 * A track the server sends in a section: its msid and SSRCs. For Sora the stream id must be the sending
 * publisher's connection id; clients drop tracks whose stream id is {@code default} or their own connection id.
 *
 * @param rtxSsrc the RTX SSRC, or null for none (audio)
 */
public record OutgoingTrack(String streamId, String trackId, long ssrc, Long rtxSsrc, String cname) {

    public OutgoingTrack {
        new Msid(streamId, trackId);
        SsrcAttribute.checkSsrc(ssrc);
        if (rtxSsrc != null) {
            SsrcAttribute.checkSsrc(rtxSsrc);
            if (rtxSsrc == ssrc) throw new IllegalArgumentException("RTX SSRC equals the media SSRC");
        }
        Tokens.requireField(cname, "cname");
    }

    public Msid msid() {
        return new Msid(streamId, trackId);
    }
}
