package dev.hibiki.sctp;

/**
 * Serial number arithmetic for 32-bit TSNs and 16-bit SSNs (RFC 1982), done by unwrapping them to longs next to a
 * reference that is known to be near.
 */
final class Tsn {
    private Tsn() {}

    /** The 64-bit value of {@code tsn} closest to {@code reference}. */
    static long unwrap(long reference, int tsn) {
        return reference + (tsn - (int) reference);
    }

    /** Whether SSN {@code a} comes after {@code b}. */
    static boolean ssnAfter(int a, int b) {
        return (short) (a - b) > 0;
    }
}
