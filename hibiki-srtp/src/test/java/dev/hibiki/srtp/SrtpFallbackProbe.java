package dev.hibiki.srtp;

import java.util.Arrays;

/**
 * Run in a child JVM by {@link SrtpBackendTest}: prints the backend, then checks the libsrtp AES-CM and
 * GCM vectors and a round trip, exiting non-zero on any mismatch.
 */
public final class SrtpFallbackProbe {
    private SrtpFallbackProbe() {
    }

    public static void main(String[] args) {
        System.out.println("backend: " + SrtpBackend.describe());
        check(SrtpProfile.AES128_CM_HMAC_SHA1_80, "e1f97a0d3e018be0d64fa32c06de4139", "0ec675ad498afeebb6960b3aabe6",
                "800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb");
        check(SrtpProfile.AEAD_AES_128_GCM, "000102030405060708090a0b0c0d0e0f", "a0a1a2a3a4a5a6a7a8a9aaab",
                "800f1234decafbadcafebabec5002ede04cfdd2eb91159e0880aa06ed2976826f796b201df3131a127e8a392");
        System.out.println("vectors: ok");
        System.out.println("identical GCM packet protected twice: " + protectTwice());
    }

    /** Returns how the second protection of an identical packet ended; a clear-text length is a bug. */
    private static String protectTwice() {
        byte[] key = new byte[16];
        byte[] salt = new byte[12];
        byte[] plain = SrtpTestVectorsTest.hex("800f1234decafbadcafebabe" + "ab".repeat(16));
        try (SrtpTransformer t = new SrtpTransformer(SrtpKeys.of(SrtpProfile.AEAD_AES_128_GCM, key, salt, key, salt))) {
            t.protectRtp(Arrays.copyOf(plain, 64), 0, plain.length);
            int second = t.protectRtp(Arrays.copyOf(plain, 64), 0, plain.length);
            if (second == plain.length) {
                System.out.println("second protection returned the packet in clear");
                System.exit(4);
            }
            return SrtpStatus.describe(second);
        }
    }

    private static void check(SrtpProfile profile, String key, String salt, String expected) {
        byte[] k = SrtpTestVectorsTest.hex(key);
        byte[] s = SrtpTestVectorsTest.hex(salt);
        byte[] plain = SrtpTestVectorsTest.hex("800f1234decafbadcafebabe" + "ab".repeat(16));
        try (SrtpTransformer t = new SrtpTransformer(SrtpKeys.of(profile, k, s, k, s))) {
            byte[] buf = Arrays.copyOf(plain, 64);
            int len = t.protectRtp(buf, 0, plain.length);
            if (len < 0 || !Arrays.equals(Arrays.copyOf(buf, len), SrtpTestVectorsTest.hex(expected))) {
                System.out.println(profile + " protect mismatch: " + SrtpStatus.describe(len));
                System.exit(2);
            }
            if (t.unprotectRtp(buf, 0, len) != plain.length || !Arrays.equals(Arrays.copyOf(buf, plain.length), plain)) {
                System.out.println(profile + " unprotect mismatch");
                System.exit(3);
            }
        }
    }
}
