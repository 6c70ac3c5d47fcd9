package dev.hibiki.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * Lexical helpers shared by the parser and the typed attribute values. Malformed input surfaces only as
 * {@link IllegalArgumentException}, which the parser turns into an {@link SdpParseException} with the line number.
 */
final class Tokens {

    private Tokens() {
    }

    /** RFC 8866 token-char: visible ASCII except the separators {@code " ( ) , / : ; < = > ? @ [ \ ] { }}. */
    static boolean isTokenChar(char c) {
        return c == 0x21 || (c >= 0x23 && c <= 0x27) || c == 0x2A || c == 0x2B || c == 0x2D || c == 0x2E
                || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x5E && c <= 0x7E);
    }

    static boolean isToken(String s) {
        if (s == null || s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) return false;
        }
        return true;
    }

    /** A field of a line: non-empty, and free of whitespace and line-breaking characters. */
    static boolean isField(String s) {
        if (s == null || s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c == 0x7F) return false;
        }
        return true;
    }

    static String requireField(String s, String what) {
        if (!isField(s)) throw new IllegalArgumentException(what + " must be a non-empty field without spaces: '" + s + "'");
        return s;
    }

    static String requireToken(String s, String what) {
        if (!isToken(s)) throw new IllegalArgumentException(what + " is not a valid token: '" + s + "'");
        return s;
    }

    /** SDP text: anything but NUL, CR and LF (RFC 8866 byte-string). */
    static boolean isText(String s) {
        if (s == null) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0 || c == '\r' || c == '\n') return false;
        }
        return true;
    }

    static String requireText(String s, String what) {
        if (!isText(s)) throw new IllegalArgumentException(what + " must not contain NUL, CR or LF");
        return s;
    }

    static boolean isDigits(String s) {
        if (s == null || s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        return true;
    }

    /** Parses a decimal within [min, max]; rejects signs, spaces and values that do not fit a long. */
    static long parseLong(String s, long min, long max, String what) {
        if (!isDigits(s) || s.length() > 19) {
            throw new IllegalArgumentException(what + " is not a number in [" + min + ", " + max + "]: '" + s + "'");
        }
        long v;
        try {
            v = Long.parseLong(s);
        } catch (NumberFormatException tooLarge) {
            throw new IllegalArgumentException(what + " is not a number in [" + min + ", " + max + "]: '" + s + "'");
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException(what + " out of range [" + min + ", " + max + "]: " + v);
        }
        return v;
    }

    static int parseInt(String s, int min, int max, String what) {
        return (int) parseLong(s, min, max, what);
    }

    /** Splits on runs of spaces and tabs, ignoring leading and trailing ones. */
    static List<String> splitWhitespace(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && isBlank(s.charAt(i))) i++;
            int start = i;
            while (i < n && !isBlank(s.charAt(i))) i++;
            if (i > start) out.add(s.substring(start, i));
        }
        return out;
    }

    /** Splits into at most two parts at the first run of blanks: {@code ["first", "rest"]} or {@code ["only"]}. */
    static String[] splitFirst(String s) {
        String t = strip(s);
        int i = 0;
        while (i < t.length() && !isBlank(t.charAt(i))) i++;
        if (i == t.length()) return new String[] {t};
        return new String[] {t.substring(0, i), strip(t.substring(i))};
    }

    static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isBlank(s.charAt(start))) start++;
        while (end > start && isBlank(s.charAt(end - 1))) end--;
        return s.substring(start, end);
    }

    static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
