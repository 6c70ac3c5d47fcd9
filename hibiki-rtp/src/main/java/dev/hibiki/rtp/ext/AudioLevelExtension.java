package dev.hibiki.rtp.ext;

import dev.hibiki.rtp.RtpPacket;

/**
 * Client-to-mixer audio level (RFC 6464): one byte, V (voice activity) in the top bit, then the level as
 * 0..127 in -dBov (0 is loudest, 127 silence).
 */
public final class AudioLevelExtension {
    public static final String URI = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

    private AudioLevelExtension() {}

    /** The raw byte 0..255, or -1 when absent. Decode it with {@link #voiceActivity} and {@link #level}. */
    public static int read(RtpPacket packet, int id) {
        long at = HeaderExtensions.locate(packet, id);
        if (at < 0 || HeaderExtensions.length(at) < 1) {
            return -1;
        }
        return packet.buffer()[HeaderExtensions.offset(at)] & 0xFF;
    }

    public static boolean voiceActivity(int raw) {
        return (raw & 0x80) != 0;
    }

    /** 0..127 -dBov. */
    public static int level(int raw) {
        return raw & 0x7F;
    }

    /** The raw byte for a voice-activity flag and a 0..127 level. */
    public static int encode(boolean voiceActivity, int level) {
        return (voiceActivity ? 0x80 : 0) | Math.min(127, Math.max(0, level));
    }
}
