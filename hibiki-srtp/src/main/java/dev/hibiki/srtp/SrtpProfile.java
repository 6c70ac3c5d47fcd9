package dev.hibiki.srtp;

import org.jitsi.srtp.SrtpPolicy;

/**
 * An SRTP protection profile as negotiated by the DTLS {@code use_srtp} extension (RFC 5764 §4.1.2,
 * RFC 7714 §14.2): master key and salt sizes, and how many bytes protection adds to a packet.
 */
public enum SrtpProfile {
    /** {@code SRTP_AES128_CM_HMAC_SHA1_80} (0x0001): AES-128 counter mode, 80-bit HMAC-SHA1 tag. */
    AES128_CM_HMAC_SHA1_80(0x0001, 16, 14, 10),
    /** {@code SRTP_AEAD_AES_128_GCM} (0x0007): AES-128-GCM with a 16-byte tag (RFC 7714). */
    AEAD_AES_128_GCM(0x0007, 16, 12, 16),
    /** {@code SRTP_AEAD_AES_256_GCM} (0x0008): AES-256-GCM with a 16-byte tag (RFC 7714). */
    AEAD_AES_256_GCM(0x0008, 32, 12, 16);

    /** SRTCP appends a 4-byte E flag + index word besides the tag (RFC 3711 §3.4). */
    private static final int SRTCP_INDEX_LENGTH = 4;

    private final int dtlsId;
    private final int masterKeyLength;
    private final int masterSaltLength;
    private final int tagLength;

    SrtpProfile(int dtlsId, int masterKeyLength, int masterSaltLength, int tagLength) {
        this.dtlsId = dtlsId;
        this.masterKeyLength = masterKeyLength;
        this.masterSaltLength = masterSaltLength;
        this.tagLength = tagLength;
    }

    /** The two-byte identifier carried in the {@code use_srtp} extension. */
    public int dtlsId() {
        return dtlsId;
    }

    public int masterKeyLength() {
        return masterKeyLength;
    }

    public int masterSaltLength() {
        return masterSaltLength;
    }

    /** Bytes that protecting an RTP packet appends (the authentication tag). */
    public int rtpOverhead() {
        return tagLength;
    }

    /** Bytes that protecting an RTCP packet appends (tag + SRTCP index word). */
    public int rtcpOverhead() {
        return tagLength + SRTCP_INDEX_LENGTH;
    }

    /** Length of the DTLS exporter output for this profile: client and server key, then both salts. */
    public int keyingMaterialLength() {
        return 2 * (masterKeyLength + masterSaltLength);
    }

    public boolean isAead() {
        return this != AES128_CM_HMAC_SHA1_80;
    }

    /** The profile for a {@code use_srtp} identifier, or {@code null} if Hibiki does not implement it. */
    public static SrtpProfile fromDtlsId(int id) {
        for (SrtpProfile p : values()) {
            if (p.dtlsId == id) {
                return p;
            }
        }
        return null;
    }

    /** A fresh jitsi policy: jitsi mutates nothing in it, but contexts keep a reference, so never share. */
    SrtpPolicy newPolicy(boolean sendReplayProtection) {
        SrtpPolicy policy = isAead()
                ? new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, masterKeyLength,
                        SrtpPolicy.NULL_AUTHENTICATION, 0, tagLength, masterSaltLength)
                : new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, masterKeyLength,
                        SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, tagLength, masterSaltLength);
        policy.setSendReplayEnabled(sendReplayProtection);
        return policy;
    }
}
