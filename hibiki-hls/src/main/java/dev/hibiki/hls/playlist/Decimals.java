package dev.hibiki.hls.playlist;

/** Locale-independent decimal formatting for playlist attributes (RFC 8216 §4.2 decimal-floating-point). */
final class Decimals {
    private Decimals() {}

    /** Rounded to exactly three decimals: 2.0 is "2.000", -0.5 is "-0.500". */
    static String threeDecimals(double value) {
        long millis = Math.round(value * 1000.0);
        StringBuilder sb = new StringBuilder(16);
        if (millis < 0) {
            sb.append('-');
            millis = -millis;
        }
        long fraction = millis % 1000;
        sb.append(millis / 1000).append('.');
        if (fraction < 100) {
            sb.append('0');
        }
        if (fraction < 10) {
            sb.append('0');
        }
        return sb.append(fraction).toString();
    }

    /** Up to three decimals without trailing zeros: -2.0 is "-2", 1.5 is "1.5". */
    static String compact(double value) {
        String s = threeDecimals(value);
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        s = s.substring(0, end);
        return s.equals("-0") ? "0" : s;
    }

    /** Duration as the playlist shows it (three decimals), rounded up to whole seconds. */
    static int ceilSeconds(double seconds) {
        long millis = Math.round(seconds * 1000.0);
        return (int) Math.max(0, (millis + 999) / 1000);
    }
}
