package dev.hibiki.dtls;

import dev.hibiki.srtp.SrtpKeys;
import dev.hibiki.srtp.SrtpProfile;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/** What the DTLS client and server peers share: algorithm lists, fingerprint check, SRTP key export. */
final class DtlsSrtpSupport {
    /**
     * Our certificate is ECDSA, so as a server only ECDSA suites are usable; Chromium's order. AEAD only:
     * Chromium offers these first, and CBC suites would need another record-length sanity check
     * ({@link #minimumCiphertextLength}).
     */
    static final int[] SERVER_CIPHER_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    };

    /** As a client the peer may hold an RSA certificate (RTCPeerConnection.generateCertificate). */
    static final int[] CLIENT_CIPHER_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    };

    static final int[] NAMED_GROUPS = {NamedGroup.x25519, NamedGroup.secp256r1, NamedGroup.secp384r1};

    private static final short[] SIGNER_HASHES = {HashAlgorithm.sha256, HashAlgorithm.sha384, HashAlgorithm.sha512};

    private DtlsSrtpSupport() {
    }

    /**
     * The shortest encrypted record a suite can produce: explicit nonce + tag for AES-GCM (RFC 5288), the
     * tag alone for ChaCha20-Poly1305 (RFC 7905). bctls fails the whole connection with decode_error on a
     * shorter one instead of discarding it, so such records are filtered out before bctls sees them.
     */
    static int minimumCiphertextLength(int cipherSuite) {
        return switch (cipherSuite) {
            case CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
                 CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 -> 8 + 16;
            case CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
                 CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 -> 16;
            default -> throw new IllegalArgumentException("unexpected cipher suite 0x" + Integer.toHexString(cipherSuite));
        };
    }

    /** The first of our profiles (in preference order) that the peer offered, or {@code null}. */
    static SrtpProfile chooseProfile(int[] offered, List<SrtpProfile> preference) {
        for (SrtpProfile p : preference) {
            for (int id : offered) {
                if (id == p.dtlsId()) {
                    return p;
                }
            }
        }
        return null;
    }

    static int[] profileIds(List<SrtpProfile> profiles) {
        int[] ids = new int[profiles.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = profiles.get(i).dtlsId();
        }
        return ids;
    }

    /**
     * The peer's end-entity certificate must hash to one of the SDP fingerprints (RFC 8122 §5); there is
     * no CA, so this is the whole authentication.
     */
    static void verifyPeerCertificate(Certificate chain, List<DtlsFingerprint> expected) throws IOException {
        if (chain == null || chain.isEmpty()) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "peer sent no certificate");
        }
        byte[] der = chain.getCertificateAt(0).getEncoded();
        for (DtlsFingerprint fingerprint : expected) {
            if (fingerprint.matches(der)) {
                return;
            }
        }
        throw new TlsFatalAlert(AlertDescription.bad_certificate,
                "peer certificate does not match the SDP fingerprint");
    }

    /**
     * Signs with our ECDSA key using a hash the peer accepts; a peer without signature_algorithms
     * implies SHA-1 (RFC 5246 §7.4.1.4.1).
     */
    @SuppressWarnings("rawtypes")
    static TlsCredentialedSigner signer(TlsContext context, BcTlsCrypto crypto, DtlsCertificate certificate,
                                        Vector peerSignatureAlgorithms) throws IOException {
        SignatureAndHashAlgorithm chosen = null;
        if (peerSignatureAlgorithms == null) {
            chosen = SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha1, SignatureAlgorithm.ecdsa);
        } else {
            for (short hash : SIGNER_HASHES) {
                SignatureAndHashAlgorithm candidate = SignatureAndHashAlgorithm.getInstance(hash, SignatureAlgorithm.ecdsa);
                if (peerSignatureAlgorithms.contains(candidate)) {
                    chosen = candidate;
                    break;
                }
            }
        }
        if (chosen == null) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "peer accepts no ECDSA signature");
        }
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto,
                certificate.privateKey(), certificate.tlsCertificate(crypto), chosen);
    }

    /** RFC 5764 §4.2; only callable from notifyHandshakeComplete. */
    static SrtpKeys exportSrtpKeys(TlsContext context, SrtpProfile profile, boolean localIsClient) {
        byte[] material = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, profile.keyingMaterialLength());
        try {
            return SrtpKeys.fromDtlsKeyingMaterial(profile, material, localIsClient);
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }
}
