package dev.hibiki.storage;

import java.nio.charset.StandardCharsets;

/**
 * Which object keys (and destination prefixes) Hibiki writes: slash-separated names of letters, digits and the
 * characters that need no escaping in a URL path ({@code ! - _ . * ' ( ) = + , @ ~ :}), without empty, "." or
 * ".." segments. The same key then means the same thing in S3, in Cloud Storage, in a local directory (where it
 * cannot climb out of the directory) and in an HLS playlist that refers to it.
 */
public final class ObjectKeys {
    /** S3's and Cloud Storage's limit for a whole object name (prefix included), in UTF-8 bytes. */
    public static final int MAX_NAME_BYTES = 1024;

    private ObjectKeys() {
    }

    /**
     * @return {@code key}
     * @throws IllegalArgumentException the key is not one Hibiki writes; the message says why
     */
    public static String check(String key) {
        if (key == null || key.isEmpty()) throw new IllegalArgumentException("an object key must not be empty");
        if (key.startsWith("/") || key.endsWith("/")) {
            throw new IllegalArgumentException("object key \"" + key + "\" must not begin or end with /");
        }
        checkSegments("object key", key);
        return key;
    }

    /** The whole object name: the destination's prefix (empty or ending in /) and the key. */
    static String join(String prefix, String key) {
        String name = prefix + check(key);
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("object name \"" + name + "\" is longer than " + MAX_NAME_BYTES
                    + " bytes");
        }
        return name;
    }

    /** Checks a slash-separated path without a leading or trailing slash. */
    static void checkSegments(String what, String path) {
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty()) throw new IllegalArgumentException(what + " \"" + path + "\" has an empty segment (//)");
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException(what + " \"" + path + "\" has a \"" + segment + "\" segment");
            }
        }
        for (int i = 0; i < path.length(); ) {
            int c = path.codePointAt(i);
            if (!allowed(c)) {
                throw new IllegalArgumentException(what + " \"" + printable(path) + "\" has a character that is not"
                        + " allowed: " + describe(c) + " (allowed: letters, digits, / and ! - _ . * ' ( ) = + , @ ~ :)");
            }
            i += Character.charCount(c);
        }
    }

    private static boolean allowed(int c) {
        return c == '/' || Character.isLetterOrDigit(c) || "!-_.*'()=+,@~:".indexOf(c) >= 0;
    }

    private static String describe(int c) {
        return Character.isISOControl(c) || Character.isWhitespace(c)
                ? String.format("U+%04X", c) : "\"" + new String(Character.toChars(c)) + "\"";
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(c -> b.append(Character.isISOControl(c) ? "?" : new String(Character.toChars(c))));
        return b.toString();
    }
}
