package dev.hibiki.platform.persistence;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable identifiers and secrets. */
public final class RandomIds {

    // Crockford's base32 in lower case: no i, l, o, u, so ids survive being read aloud or retyped.
    private static final char[] BASE32 = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomIds() {
    }

    /** {@code length} base32 characters: 5 random bits each. */
    public static String base32(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = BASE32[bytes[i] & 31];
        }
        return new String(out);
    }

    /** {@code bytes} random bytes as unpadded base64url. */
    public static String base64Url(int bytes) {
        byte[] raw = new byte[bytes];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }
}
