package dev.hibiki.srtp;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AEAD_AES_128_GCM / AEAD_AES_256_GCM for RTP (RFC 7714 §8.1): IV = (0x0000 ‖ SSRC ‖ ROC ‖ SEQ) XOR session salt,
 * the header (with its extensions) as associated data, a 16-byte tag. On the JDK's GCM, which HotSpot runs on the
 * CPU's AES and carry-less multiply instructions; one cipher per connection direction, initialised per packet.
 */
final class AesGcmRtpSealer implements RtpSealer {
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final byte[] salt;
    private final byte[] iv;
    private final Cipher cipher;

    AesGcmRtpSealer(byte[] masterKey, byte[] masterSalt, int saltLength) throws GeneralSecurityException {
        byte[] sessionKey = SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.LABEL_RTP_ENCRYPTION, masterKey.length);
        this.key = new SecretKeySpec(sessionKey, "AES");
        Arrays.fill(sessionKey, (byte) 0);
        this.salt = SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.LABEL_RTP_SALT, saltLength);
        this.iv = new byte[saltLength];
        this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
    }

    @Override
    public int seal(byte[] buf, int off, int len, int headerLength, int ssrc, long index)
            throws GeneralSecurityException {
        System.arraycopy(salt, 0, iv, 0, iv.length);
        RtpSealer.xorBigEndian(iv, 2, ssrc, 4);
        RtpSealer.xorBigEndian(iv, 6, index, 6); // rollover counter, then sequence number
        init(new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(buf, off, headerLength);
        return headerLength + cipher.doFinal(buf, off + headerLength, len - headerLength, buf, off + headerLength);
    }

    /**
     * The JDK refuses to encrypt twice in a row under one IV. An SFU does exactly that when it resends a packet
     * unchanged (a NACK answered without RTX): the same plaintext under the same IV gives the same ciphertext, so
     * nothing leaks. Initialising once with another IV clears the JDK's memory of the last one.
     */
    private void init(GCMParameterSpec spec) throws GeneralSecurityException {
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, spec);
        } catch (InvalidAlgorithmParameterException sameIvAsLastTime) {
            byte[] other = spec.getIV();
            other[0] ^= (byte) 0xFF;
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, other));
            cipher.init(Cipher.ENCRYPT_MODE, key, spec);
        }
    }

    @Override
    public void destroy() {
        Arrays.fill(salt, (byte) 0);
        Arrays.fill(iv, (byte) 0);
    }
}
