package dev.hibiki.rtp.ext;

import dev.hibiki.rtp.Bytes;
import dev.hibiki.rtp.RtpPacket;

/**
 * abs-send-time (webrtc.org): the send time as a 24-bit 6.18 fixed-point number of seconds, wrapping every
 * 64 seconds.
 */
public final class AbsSendTimeExtension {
    public static final String URI = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    public static final int LENGTH = 3;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private AbsSendTimeExtension() {}

    /** The 24-bit value, or -1 when absent. */
    public static int read(RtpPacket packet, int id) {
        long at = HeaderExtensions.locate(packet, id);
        if (at < 0 || HeaderExtensions.length(at) < LENGTH) {
            return -1;
        }
        return Bytes.u24(packet.buffer(), HeaderExtensions.offset(at));
    }

    /** Overwrites the value in place; false when the packet has no such element. */
    public static boolean write(RtpPacket packet, int id, int value) {
        long at = HeaderExtensions.locate(packet, id);
        if (at < 0 || HeaderExtensions.length(at) < LENGTH) {
            return false;
        }
        Bytes.put24(packet.buffer(), HeaderExtensions.offset(at), value);
        return true;
    }

    /** A monotonic time in nanoseconds as the 24-bit 6.18 value. */
    public static int fromNanos(long nanos) {
        long seconds = nanos / NANOS_PER_SECOND;
        long fraction = nanos % NANOS_PER_SECOND;
        return (int) (((seconds << 18) + (fraction << 18) / NANOS_PER_SECOND) & 0xFFFFFF);
    }

    /** The 24-bit value as nanoseconds within its 64-second period. */
    public static long toNanos(int value) {
        return ((value & 0xFFFFFFL) * NANOS_PER_SECOND) >>> 18;
    }
}
