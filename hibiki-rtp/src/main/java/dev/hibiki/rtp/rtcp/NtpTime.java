package dev.hibiki.rtp.rtcp;

/**
 * NTP timestamps as used by SR packets (RFC 3550 §4): 32.32 fixed-point seconds since 1900, and the "compact"
 * middle 32 bits (16.16) used for LSR/DLSR round-trip time.
 */
public final class NtpTime {
    /** Seconds from 1900-01-01 to 1970-01-01. */
    public static final long EPOCH_OFFSET_SECONDS = 2_208_988_800L;

    private NtpTime() {}

    /** A wall-clock time in nanoseconds since the Unix epoch as a 64-bit NTP timestamp. */
    public static long fromEpochNanos(long epochNanos) {
        long seconds = Math.floorDiv(epochNanos, 1_000_000_000L);
        long nanos = Math.floorMod(epochNanos, 1_000_000_000L);
        long fraction = (nanos << 32) / 1_000_000_000L;
        return ((seconds + EPOCH_OFFSET_SECONDS) << 32) | fraction;
    }

    /** A 64-bit NTP timestamp as nanoseconds since the Unix epoch. */
    public static long toEpochNanos(long ntp) {
        long seconds = (ntp >>> 32) - EPOCH_OFFSET_SECONDS;
        long fraction = ntp & 0xFFFFFFFFL;
        return seconds * 1_000_000_000L + ((fraction * 1_000_000_000L) >>> 32);
    }

    /** The middle 32 bits (LSR in a report block). */
    public static long compact(long ntp) {
        return (ntp >>> 16) & 0xFFFFFFFFL;
    }

    /** A duration in nanoseconds as 1/65536-second units (DLSR), saturating at 32 bits. */
    public static long durationToCompact(long nanos) {
        return Math.min(0xFFFFFFFFL, Math.max(0, (nanos << 16) / 1_000_000_000L));
    }

    /** 1/65536-second units as nanoseconds. */
    public static long compactToNanos(long compact) {
        return (compact * 1_000_000_000L) >>> 16;
    }

    /**
     * Round-trip time in nanoseconds from a report block received at {@code arrivalNtp} (RFC 3550 §6.4.1:
     * arrival − LSR − DLSR, all compact), or -1 when the block carries no LSR or the result is negative.
     */
    public static long roundTripNanos(long arrivalNtp, ReportBlock block) {
        if (block.lastSenderReport() == 0) {
            return -1;
        }
        long rtt = (compact(arrivalNtp) - block.lastSenderReport() - block.delaySinceLastSenderReport()) & 0xFFFFFFFFL;
        return rtt > 0x7FFFFFFFL ? -1 : compactToNanos(rtt);
    }
}
