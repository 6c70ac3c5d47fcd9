package dev.hibiki.ice;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * An ICE username fragment and password (RFC 8445 section 5.3): what goes into {@code a=ice-ufrag} and
 * {@code a=ice-pwd}.
 */
public record IceCredentials(String ufrag, String password) {
    /** 8 characters: ample to be unique on one port, short in every STUN USERNAME. */
    public static final int UFRAG_LENGTH = 8;
    /** 24 alphanumerics carry about 143 bits; RFC 8445 asks for at least 128 bits in at least 22 characters. */
    public static final int PASSWORD_LENGTH = 24;

    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    public IceCredentials {
        Objects.requireNonNull(ufrag, "ufrag");
        Objects.requireNonNull(password, "password");
        if (ufrag.isEmpty() || ufrag.indexOf(':') >= 0) {
            throw new IllegalArgumentException("ICE ufrag must be non-empty and colon-free");
        }
    }

    /** Fresh random credentials from ice-chars that need no escaping anywhere (letters and digits). */
    public static IceCredentials random(SecureRandom random) {
        return new IceCredentials(randomString(random, UFRAG_LENGTH), randomString(random, PASSWORD_LENGTH));
    }

    private static String randomString(SecureRandom random, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(chars);
    }

    @Override
    public String toString() {
        return "IceCredentials[ufrag=" + ufrag + ", password=<redacted>]";
    }
}
