package dev.hibiki.rtp;

import java.util.HexFormat;

/** Test helper: hex strings with spaces, "|" and newlines allowed as separators. */
public final class Hex {
    private Hex() {}

    public static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("[\\s|]", ""));
    }

    public static String of(byte[] b, int off, int len) {
        return HexFormat.of().formatHex(b, off, off + len);
    }

    public static String of(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    public static String normalize(String hex) {
        return hex.replaceAll("[\\s|]", "").toLowerCase();
    }
}
