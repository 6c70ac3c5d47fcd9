package dev.hibiki.srtp;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SRTP key derivation function (RFC 3711 §4.3.1 and §4.3.3, key derivation rate 0, which is what DTLS-SRTP
 * uses): the AES-CM keystream under the master key, with IV = (master salt XOR label·2^48)·2^16. RFC 7714's AEAD
 * profiles use the same function with their 96-bit salt left-aligned and zero-padded to 112 bits, as libsrtp does.
 */
final class SrtpKdf {
    static final int LABEL_RTP_ENCRYPTION = 0x00;
    static final int LABEL_RTP_AUTHENTICATION = 0x01;
    static final int LABEL_RTP_SALT = 0x02;

    private SrtpKdf() {
    }

    /** {@code length} bytes of the session key with {@code label}, derived from the master key and salt. */
    static byte[] derive(byte[] masterKey, byte[] masterSalt, int label, int length) throws GeneralSecurityException {
        byte[] iv = new byte[16];
        System.arraycopy(masterSalt, 0, iv, 0, Math.min(masterSalt.length, 14));
        iv[7] ^= (byte) label;
        Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
        ctr.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(masterKey, "AES"), new IvParameterSpec(iv));
        byte[] out = ctr.doFinal(new byte[length]);
        Arrays.fill(iv, (byte) 0);
        return out;
    }
}
