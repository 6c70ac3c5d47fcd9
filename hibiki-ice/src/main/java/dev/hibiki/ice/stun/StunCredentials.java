package dev.hibiki.ice.stun;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keys for MESSAGE-INTEGRITY and the HMAC instances computing it. A {@link Mac} is not thread-safe: each owner keeps
 * its own, keyed once, and uses it under its own lock.
 */
public final class StunCredentials {
    private StunCredentials() {
    }

    /**
     * Short-term key: the password itself (RFC 8489 section 9.1.1). ICE passwords are ASCII ice-chars, for which
     * OpaqueString processing is the identity.
     */
    public static byte[] shortTermKey(String password) {
        return password.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Long-term key: MD5(username ":" realm ":" password), with the password already SASLprep/OpaqueString-processed
     * by the caller (RFC 8489 section 9.2.2). Kept for the TURN relay and the RFC 5769 test vector.
     */
    public static byte[] longTermKey(String username, String realm, String password) {
        try {
            return MessageDigest.getInstance("MD5")
                    .digest((username + ":" + realm + ":" + password).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is a mandatory JDK algorithm", e);
        }
    }

    /** A new HMAC-SHA1 keyed with {@code key}, ready for {@link StunMessage#checkMessageIntegrity(Mac)}. */
    public static Mac hmacSha1(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA1 is a mandatory JDK algorithm", e);
        }
    }
}
