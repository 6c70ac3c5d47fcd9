package dev.hibiki.sdp;

/**
 * An SSRC a client announced it will send, with its RTX SSRC from {@code a=ssrc-group:FID} and its identity.
 *
 * @param rtxSsrc the RTX SSRC, or null when none was paired
 * @param cname   the RTCP CNAME, or null
 * @param msid    the stream and track ids (from {@code a=ssrc:<n> msid:}, else the section's {@code a=msid}), or null
 */
public record SignaledStream(long ssrc, Long rtxSsrc, String cname, Msid msid) {
}
