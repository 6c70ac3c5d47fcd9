package dev.hibiki.srtp;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES_CM_128_HMAC_SHA1_80 for RTP (RFC 3711 §4.1.1, §4.2.1): the payload XORed with the AES counter-mode keystream
 * from IV = (salt·2^16) XOR (SSRC·2^64) XOR (index·2^16), then HMAC-SHA1 over header, payload and rollover counter,
 * truncated to the tag length. On the JDK's AES and SHA-1, which HotSpot runs on the CPU's instructions.
 */
final class AesCmRtpSealer implements RtpSealer {
    private static final int AUTH_KEY_LENGTH = 20;
    private static final int SALT_LENGTH = 14;

    private final SecretKeySpec key;
    private final byte[] salt;
    private final byte[] iv = new byte[16];
    private final byte[] roc = new byte[4];
    private final byte[] mac = new byte[20];
    private final int tagLength;
    private final Cipher cipher;
    private final Mac hmac;

    AesCmRtpSealer(byte[] masterKey, byte[] masterSalt, int tagLength) throws GeneralSecurityException {
        byte[] sessionKey = SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.LABEL_RTP_ENCRYPTION, masterKey.length);
        byte[] authKey = SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.LABEL_RTP_AUTHENTICATION, AUTH_KEY_LENGTH);
        this.key = new SecretKeySpec(sessionKey, "AES");
        this.salt = SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.LABEL_RTP_SALT, SALT_LENGTH);
        this.tagLength = tagLength;
        this.cipher = Cipher.getInstance("AES/CTR/NoPadding");
        this.hmac = Mac.getInstance("HmacSHA1");
        hmac.init(new SecretKeySpec(authKey, "HmacSHA1"));
        Arrays.fill(sessionKey, (byte) 0);
        Arrays.fill(authKey, (byte) 0);
    }

    @Override
    public int seal(byte[] buf, int off, int len, int headerLength, int ssrc, long index)
            throws GeneralSecurityException {
        System.arraycopy(salt, 0, iv, 0, SALT_LENGTH);
        iv[14] = 0;
        iv[15] = 0;
        RtpSealer.xorBigEndian(iv, 4, ssrc, 4);
        RtpSealer.xorBigEndian(iv, 8, index, 6);
        cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
        cipher.doFinal(buf, off + headerLength, len - headerLength, buf, off + headerLength);
        Arrays.fill(roc, (byte) 0);
        RtpSealer.xorBigEndian(roc, 0, index >>> 16, 4);
        hmac.update(buf, off, len);
        hmac.update(roc);
        hmac.doFinal(mac, 0);
        System.arraycopy(mac, 0, buf, off + len, tagLength);
        return len + tagLength;
    }

    @Override
    public void destroy() {
        Arrays.fill(salt, (byte) 0);
        Arrays.fill(iv, (byte) 0);
        Arrays.fill(mac, (byte) 0);
    }
}
