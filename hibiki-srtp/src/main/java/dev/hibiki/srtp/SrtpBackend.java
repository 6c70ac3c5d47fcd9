package dev.hibiki.srtp;

import org.jitsi.srtp.crypto.Aes;
import org.jitsi.srtp.crypto.HmacSha1;
import org.jitsi.srtp.crypto.JitsiOpenSslProvider;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * Which implementation jitsi-srtp uses. jitsi loads its OpenSSL 3 (or 1.1) JNI library when it can and
 * otherwise falls back to the JDK's providers (SunJCE, then BouncyCastle).
 *
 * <p>When the native library is loaded, AES is pinned to it. Left alone, jitsi benchmarks every provider
 * for each transformation (seconds on a busy machine) and may pick SunJCE for GCM by a few nanoseconds,
 * whose GCM refuses to encrypt twice with the same IV, i.e. to re-protect an identical packet.
 */
public final class SrtpBackend {
    static {
        if (JitsiOpenSslProvider.isLoaded()) {
            Aes.setFactoryClassName(Aes.OpenSSLCipherFactory.class.getName());
        }
    }

    private SrtpBackend() {
    }

    /** Loads the backend and applies the provider choice; idempotent. */
    static void configure() {
        // The work is in the static initializer, which runs once, before any jitsi cipher is created.
    }

    /** Whether jitsi's native OpenSSL library loaded in this JVM. */
    public static boolean isNativeLoaded() {
        return JitsiOpenSslProvider.isLoaded();
    }

    /**
     * The provider chosen for each primitive, e.g. {@code "native=true, AES/CTR=JitsiOpenSslProvider, ..."}.
     * Without the native library the first call runs jitsi's AES benchmark (seconds); calling this at
     * startup keeps that cost off the first connection.
     */
    public static String describe() {
        String ctr = Aes.createCipher("AES/CTR/NoPadding").getProvider().getName();
        String gcm = Aes.createCipher("AES/GCM/NoPadding").getProvider().getName();
        String hmac = HmacSha1.createMac(new LoggerImpl(SrtpBackend.class.getName())).getProvider().getName();
        return "native=" + isNativeLoaded() + ", AES/CTR=" + ctr + ", AES/GCM=" + gcm + ", HmacSHA1=" + hmac;
    }
}
