package dev.hibiki.srtp;

import java.util.Arrays;
import java.util.Objects;

/**
 * SRTP master keys and salts for one connection, already oriented: the local pair protects what this
 * side sends, the remote pair unprotects what it receives.
 *
 * <p>Accessors return copies; {@link #toString()} never prints key material.
 */
public final class SrtpKeys {
    private final SrtpProfile profile;
    private final byte[] localMasterKey;
    private final byte[] localMasterSalt;
    private final byte[] remoteMasterKey;
    private final byte[] remoteMasterSalt;

    private SrtpKeys(SrtpProfile profile, byte[] localMasterKey, byte[] localMasterSalt,
                     byte[] remoteMasterKey, byte[] remoteMasterSalt) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.localMasterKey = checked(localMasterKey, profile.masterKeyLength(), "local master key");
        this.localMasterSalt = checked(localMasterSalt, profile.masterSaltLength(), "local master salt");
        this.remoteMasterKey = checked(remoteMasterKey, profile.masterKeyLength(), "remote master key");
        this.remoteMasterSalt = checked(remoteMasterSalt, profile.masterSaltLength(), "remote master salt");
    }

    /** Keys given explicitly (SDES, tests). Arrays are copied. */
    public static SrtpKeys of(SrtpProfile profile, byte[] localMasterKey, byte[] localMasterSalt,
                              byte[] remoteMasterKey, byte[] remoteMasterSalt) {
        return new SrtpKeys(profile, localMasterKey, localMasterSalt, remoteMasterKey, remoteMasterSalt);
    }

    /**
     * Splits the output of the DTLS exporter with label {@code EXTRACTOR-dtls_srtp} (RFC 5764 §4.2):
     * {@code client_key | server_key | client_salt | server_salt}. The DTLS client protects with the
     * client pair, the server with the server pair.
     */
    public static SrtpKeys fromDtlsKeyingMaterial(SrtpProfile profile, byte[] material, boolean localIsDtlsClient) {
        Objects.requireNonNull(profile, "profile");
        if (material == null || material.length != profile.keyingMaterialLength()) {
            throw new IllegalArgumentException("keying material must be " + profile.keyingMaterialLength()
                    + " bytes for " + profile);
        }
        int k = profile.masterKeyLength();
        int s = profile.masterSaltLength();
        byte[] clientKey = Arrays.copyOfRange(material, 0, k);
        byte[] serverKey = Arrays.copyOfRange(material, k, 2 * k);
        byte[] clientSalt = Arrays.copyOfRange(material, 2 * k, 2 * k + s);
        byte[] serverSalt = Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s);
        return localIsDtlsClient
                ? new SrtpKeys(profile, clientKey, clientSalt, serverKey, serverSalt)
                : new SrtpKeys(profile, serverKey, serverSalt, clientKey, clientSalt);
    }

    public SrtpProfile profile() {
        return profile;
    }

    public byte[] localMasterKey() {
        return localMasterKey.clone();
    }

    public byte[] localMasterSalt() {
        return localMasterSalt.clone();
    }

    public byte[] remoteMasterKey() {
        return remoteMasterKey.clone();
    }

    public byte[] remoteMasterSalt() {
        return remoteMasterSalt.clone();
    }

    /** True if {@code other} is the peer's view of the same keys (its local pair is our remote pair). */
    public boolean mirrors(SrtpKeys other) {
        return other != null && profile == other.profile
                && Arrays.equals(localMasterKey, other.remoteMasterKey)
                && Arrays.equals(localMasterSalt, other.remoteMasterSalt)
                && Arrays.equals(remoteMasterKey, other.localMasterKey)
                && Arrays.equals(remoteMasterSalt, other.localMasterSalt);
    }

    /** Overwrites the key material; later accessors return zeros. */
    public void destroy() {
        Arrays.fill(localMasterKey, (byte) 0);
        Arrays.fill(localMasterSalt, (byte) 0);
        Arrays.fill(remoteMasterKey, (byte) 0);
        Arrays.fill(remoteMasterSalt, (byte) 0);
    }

    @Override
    public String toString() {
        return "SrtpKeys[" + profile + "]";
    }

    private static byte[] checked(byte[] value, int length, String what) {
        if (value == null || value.length != length) {
            throw new IllegalArgumentException(what + " must be " + length + " bytes");
        }
        return value.clone();
    }
}
