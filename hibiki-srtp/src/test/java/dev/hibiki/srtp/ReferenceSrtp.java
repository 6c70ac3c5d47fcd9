package dev.hibiki.srtp;

import java.nio.ByteBuffer;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A deliberately naive SRTP written straight from RFC 3711 §4.1.1/§4.2.1/§4.3 and RFC 7714 §8, on plain
 * JDK ciphers, to check jitsi-srtp against something other than itself. Single packet, ROC 0.
 */
final class ReferenceSrtp {
    static final int LABEL_RTP_ENCRYPTION = 0;
    static final int LABEL_RTP_AUTH = 1;
    static final int LABEL_RTP_SALT = 2;

    private ReferenceSrtp() {
    }

    /** RFC 3711 §4.3.1/§4.3.3 with kdr = 0: AES-CM keystream under the master key, IV = (salt ^ label<<48)·2^16. */
    static byte[] deriveSessionKey(byte[] masterKey, byte[] masterSalt, int label, int length) throws Exception {
        byte[] iv = new byte[16];
        System.arraycopy(masterSalt, 0, iv, 0, masterSalt.length); // a 96-bit GCM salt is zero-padded
        iv[7] ^= (byte) label;
        Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
        ctr.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(masterKey, "AES"), new IvParameterSpec(iv));
        return ctr.doFinal(new byte[length]);
    }

    /** AES_CM_128_HMAC_SHA1_80 protection of an RTP packet with a 12-byte header and session keys given. */
    static byte[] protectAesCm(byte[] packet, byte[] sessionKey, byte[] sessionSalt, byte[] authKey)
            throws Exception {
        int ssrc = ByteBuffer.wrap(packet, 8, 4).getInt();
        long index = ((packet[2] & 0xFF) << 8) | (packet[3] & 0xFF);
        byte[] iv = Arrays.copyOf(sessionSalt, 16);
        for (int i = 0; i < 4; i++) {
            iv[4 + i] ^= (byte) (ssrc >>> (24 - 8 * i));
        }
        for (int i = 0; i < 6; i++) {
            iv[8 + i] ^= (byte) (index >>> (40 - 8 * i));
        }
        Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
        ctr.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(sessionKey, "AES"), new IvParameterSpec(iv));
        byte[] out = Arrays.copyOf(packet, packet.length + 10);
        ctr.doFinal(packet, 12, packet.length - 12, out, 12);
        Mac hmac = Mac.getInstance("HmacSHA1");
        hmac.init(new SecretKeySpec(authKey, "HmacSHA1"));
        hmac.update(out, 0, packet.length);
        hmac.update(new byte[4]); // ROC
        System.arraycopy(hmac.doFinal(), 0, out, packet.length, 10);
        return out;
    }

    /** RFC 7714 §8.1 AEAD protection of an RTP packet with a 12-byte header, session key and salt given. */
    static byte[] protectGcm(byte[] packet, byte[] sessionKey, byte[] sessionSalt) throws Exception {
        byte[] iv = sessionSalt.clone();
        for (int i = 0; i < 4; i++) {
            iv[2 + i] ^= packet[8 + i]; // SSRC
        }
        iv[10] ^= packet[2]; // ROC (0) occupies iv[6..9], the sequence number iv[10..11]
        iv[11] ^= packet[3];
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(sessionKey, "AES"), new GCMParameterSpec(128, iv));
        gcm.updateAAD(packet, 0, 12);
        byte[] sealed = gcm.doFinal(packet, 12, packet.length - 12);
        byte[] out = Arrays.copyOf(packet, 12 + sealed.length);
        System.arraycopy(sealed, 0, out, 12, sealed.length);
        return out;
    }
}
