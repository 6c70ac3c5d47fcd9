package dev.hibiki.srtp;

import java.security.GeneralSecurityException;

/**
 * Encrypts and authenticates one RTP packet in place with a connection's session keys; the packet's SSRC and its
 * 48-bit SRTP index (rollover counter · 2^16 + sequence number) are given. Not thread-safe: the caller serialises.
 */
sealed interface RtpSealer permits AesCmRtpSealer, AesGcmRtpSealer {

    /**
     * Protects {@code buf[off, off+len)}, whose RTP header is {@code headerLength} bytes, and appends the tag.
     *
     * @return the protected length: {@code len} plus the profile's tag length
     */
    int seal(byte[] buf, int off, int len, int headerLength, int ssrc, long index) throws GeneralSecurityException;

    /** Forgets the session keys as far as the JDK allows. */
    void destroy();

    /** The sealer for {@code profile}, with session keys derived from the master key and salt. */
    static RtpSealer create(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) throws GeneralSecurityException {
        return profile.isAead()
                ? new AesGcmRtpSealer(masterKey, masterSalt, profile.masterSaltLength())
                : new AesCmRtpSealer(masterKey, masterSalt, profile.rtpOverhead());
    }

    /** XORs the low {@code bytes} bytes of {@code value}, big-endian, into {@code dst[at, at+bytes)} (IV building). */
    static void xorBigEndian(byte[] dst, int at, long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            dst[at + i] ^= (byte) (value >>> (8 * (bytes - 1 - i)));
        }
    }
}
