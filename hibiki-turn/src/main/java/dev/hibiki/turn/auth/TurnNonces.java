package dev.hibiki.turn.auth;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * NONCE values that need no table: the issue time and a MAC over it and the client's address, under a key drawn at
 * start. A nonce is valid for its lifetime and for the address it was given to; after that a request earns a 438
 * Stale Nonce with a fresh one (RFC 8489 section 9.2.4). A restart invalidates every nonce, which costs clients one
 * extra round trip.
 */
public final class TurnNonces {
    private static final int MAC_HEX_CHARS = 24;
    private static final HexFormat HEX = HexFormat.of();

    private final Mac mac;
    private final Clock clock;
    private final long lifetimeSeconds;

    public TurnNonces(Clock clock, Duration lifetime, SecureRandom random) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        try {
            this.mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is a mandatory JDK algorithm", e);
        }
        this.clock = clock;
        this.lifetimeSeconds = lifetime.toSeconds();
    }

    public String issue(InetAddress client) {
        long now = clock.millis() / 1000;
        return HEX.toHexDigits((int) now) + tag(now, client);
    }

    /** Whether {@code nonce} was issued by this instance to {@code client} and is still within its lifetime. */
    public boolean isValid(String nonce, InetAddress client) {
        if (nonce == null || nonce.length() != 8 + MAC_HEX_CHARS) {
            return false;
        }
        long issued;
        try {
            issued = Integer.toUnsignedLong(HEX.fromHexDigits(nonce, 0, 8));
        } catch (IllegalArgumentException e) {
            return false;
        }
        long age = clock.millis() / 1000 - issued;
        return age >= 0 && age < lifetimeSeconds && constantTimeEquals(nonce.substring(8), tag(issued, client));
    }

    private String tag(long issuedSeconds, InetAddress client) {
        byte[] digest;
        synchronized (mac) {
            mac.update(Long.toString(issuedSeconds).getBytes(StandardCharsets.US_ASCII));
            digest = mac.doFinal(client.getAddress());
        }
        return HEX.formatHex(digest).substring(0, MAC_HEX_CHARS);
    }

    private static boolean constantTimeEquals(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        int diff = 0;
        for (int i = 0; i < a.length(); i++) {
            diff |= a.charAt(i) ^ b.charAt(i);
        }
        return diff == 0;
    }
}
