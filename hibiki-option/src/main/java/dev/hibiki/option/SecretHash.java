package dev.hibiki.option;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of login tokens. Each is 256 random bits, so a fast hash stores it safely and a token is found by its
 * hash; people's passwords and access codes get Argon2id instead.
 */
final class SecretHash {

    private SecretHash() {
    }

    static String of(String secret) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
