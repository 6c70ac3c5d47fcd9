package dev.hibiki.dtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * A certificate fingerprint as carried by SDP {@code a=fingerprint} (RFC 8122): a hash function name
 * and the digest of the DER certificate, e.g. {@code sha-256 AB:CD:...}.
 */
public final class DtlsFingerprint {
    private final String algorithm;
    private final byte[] digest;

    private DtlsFingerprint(String algorithm, byte[] digest) {
        this.algorithm = algorithm;
        this.digest = digest;
    }

    /** Fingerprint of a DER certificate with {@code algorithm} ({@code sha-1}, {@code sha-256}, ...). */
    public static DtlsFingerprint of(String algorithm, byte[] certificateDer) {
        String name = canonicalName(algorithm);
        return new DtlsFingerprint(name, messageDigest(name).digest(certificateDer));
    }

    /** The {@code sha-256} fingerprint of a DER certificate. */
    public static DtlsFingerprint sha256(byte[] certificateDer) {
        return of("sha-256", certificateDer);
    }

    /**
     * Parses an {@code a=fingerprint} value: {@code "sha-256 AB:CD:..."}, with or without the
     * {@code a=fingerprint:} prefix; hex digits in either case.
     *
     * @throws IllegalArgumentException if the hash is unsupported or the digest is malformed
     */
    public static DtlsFingerprint parse(String value) {
        if (value == null) {
            throw new IllegalArgumentException("fingerprint is null");
        }
        String v = value.strip();
        if (v.regionMatches(true, 0, "a=fingerprint:", 0, 14)) {
            v = v.substring(14).strip();
        }
        int space = v.indexOf(' ');
        if (space <= 0) {
            throw new IllegalArgumentException("fingerprint must be '<hash> <hex>': " + value);
        }
        String name = canonicalName(v.substring(0, space));
        String hex = v.substring(space + 1).strip();
        int expected = messageDigest(name).getDigestLength();
        if (hex.length() != expected * 3 - 1) {
            throw new IllegalArgumentException(name + " fingerprint must have " + expected + " bytes: " + value);
        }
        byte[] digest = new byte[expected];
        for (int i = 0; i < expected; i++) {
            int at = i * 3;
            if (i > 0 && hex.charAt(at - 1) != ':') {
                throw new IllegalArgumentException("fingerprint bytes must be colon-separated: " + value);
            }
            int hi = Character.digit(hex.charAt(at), 16);
            int lo = Character.digit(hex.charAt(at + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException("fingerprint has a non-hex digit: " + value);
            }
            digest[i] = (byte) (hi << 4 | lo);
        }
        return new DtlsFingerprint(name, digest);
    }

    /** The hash function name as SDP spells it, lower case: {@code sha-256}. */
    public String algorithm() {
        return algorithm;
    }

    public byte[] digest() {
        return digest.clone();
    }

    /** Whether a DER certificate hashes to this fingerprint (constant-time comparison). */
    public boolean matches(byte[] certificateDer) {
        return MessageDigest.isEqual(digest, messageDigest(algorithm).digest(certificateDer));
    }

    /** The SDP attribute value: {@code sha-256 AB:CD:...} (upper-case hex, colon-separated). */
    public String toSdpValue() {
        StringBuilder sb = new StringBuilder(algorithm.length() + 1 + digest.length * 3);
        sb.append(algorithm).append(' ');
        for (int i = 0; i < digest.length; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(Character.toUpperCase(Character.forDigit((digest[i] >> 4) & 0xF, 16)));
            sb.append(Character.toUpperCase(Character.forDigit(digest[i] & 0xF, 16)));
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DtlsFingerprint f && algorithm.equals(f.algorithm) && Arrays.equals(digest, f.digest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(algorithm, Arrays.hashCode(digest));
    }

    @Override
    public String toString() {
        return toSdpValue();
    }

    private static String canonicalName(String algorithm) {
        String name = Objects.requireNonNull(algorithm, "algorithm").strip().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "sha-1", "sha-224", "sha-256", "sha-384", "sha-512" -> name;
            default -> throw new IllegalArgumentException("unsupported fingerprint hash: " + algorithm);
        };
    }

    private static MessageDigest messageDigest(String canonicalName) {
        try {
            return MessageDigest.getInstance(canonicalName.toUpperCase(Locale.ROOT));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks " + canonicalName, e);
        }
    }
}
