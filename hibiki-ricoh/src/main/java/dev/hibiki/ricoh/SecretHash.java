package dev.hibiki.ricoh;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of the API's secrets (client secrets, access tokens, ticket tokens). Each is 256 random bits, so a fast
 * hash stores it safely, as with the platform's access tokens; a slow password hash would only cost every request.
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

    /** Compares hashes in constant time, for lookups by id that then check the secret. */
    static boolean matches(String secret, String expectedHash) {
        return MessageDigest.isEqual(of(secret).getBytes(StandardCharsets.US_ASCII),
                expectedHash.getBytes(StandardCharsets.US_ASCII));
    }
}
