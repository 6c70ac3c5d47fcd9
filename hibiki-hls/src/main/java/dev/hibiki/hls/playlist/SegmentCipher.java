package dev.hibiki.hls.playlist;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;

/** Encrypts a whole segment the way {@code METHOD=AES-128} requires (RFC 8216 §4.3.2.4): AES-128-CBC, PKCS#7. */
public final class SegmentCipher {
    private SegmentCipher() {}

    public static byte[] encrypt(byte[] key, byte[] iv, byte[] segment) {
        return run(Cipher.ENCRYPT_MODE, key, iv, segment);
    }

    public static byte[] decrypt(byte[] key, byte[] iv, byte[] encrypted) {
        return run(Cipher.DECRYPT_MODE, key, iv, encrypted);
    }

    private static byte[] run(int mode, byte[] key, byte[] iv, byte[] data) {
        if (key == null || key.length != 16 || iv == null || iv.length != 16) {
            throw new IllegalArgumentException("AES-128 needs a 16-byte key and a 16-byte IV");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            return cipher.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-128-CBC failed", e);
        }
    }
}
