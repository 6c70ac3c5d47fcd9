package dev.hibiki.dtls;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Hashtable;
import java.util.Vector;
import java.util.concurrent.CompletableFuture;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * Bare bctls DTLS peers written for the tests, independent of Hibiki's peers: they trust any certificate,
 * record what was negotiated, and export the raw {@code EXTRACTOR-dtls_srtp} bytes.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
final class PlainBcPeers {
    /** Chromium's DTLS 1.2 cipher suite order (BoringSSL as configured by WebRTC). */
    static final int[] CHROMIUM_CIPHER_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA,
    };
    static final int[] CHROMIUM_GROUPS = {NamedGroup.x25519, NamedGroup.secp256r1, NamedGroup.secp384r1};
    static final BcTlsCrypto CRYPTO = new BcTlsCrypto(new SecureRandom());

    /** What a finished handshake produced on the plain peer's side. */
    record Outcome(int cipherSuite, int srtpProfile, byte[] keyingMaterial, byte[] peerCertificate,
                   ProtocolVersion version) {
    }

    private PlainBcPeers() {
    }

    static TlsCredentialedSigner signer(org.bouncycastle.tls.TlsContext context, DtlsCertificate certificate)
            throws IOException {
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), CRYPTO, certificate.privateKey(),
                certificate.tlsCertificate(CRYPTO), SignatureAndHashAlgorithm.getInstance(org.bouncycastle.tls.HashAlgorithm.sha256, org.bouncycastle.tls.SignatureAlgorithm.ecdsa));
    }

    /**
     * A client offering what Chromium offers, with {@code srtpProfiles} (null: no use_srtp at all). With
     * {@link #bulky()} it also lists the X25519MLKEM768 hybrid group first and pads the ClientHello past
     * the MTU, so it spans several datagrams, as Chromium's post-quantum ClientHello does. (bctls cannot
     * send a DTLS 1.3 ClientHello, so the 1.3 offer itself is left to the end-to-end browser test.)
     */
    static final class ChromiumLikeClient extends DefaultTlsClient {
        private final DtlsCertificate certificate;
        private final int[] srtpProfiles;
        private final int keyingMaterialLength;
        private boolean bulky;
        private volatile int selectedProfile = -1;
        private volatile byte[] material;
        private volatile byte[] serverCertificate;

        ChromiumLikeClient(DtlsCertificate certificate, int[] srtpProfiles, int keyingMaterialLength) {
            super(CRYPTO);
            this.certificate = certificate;
            this.srtpProfiles = srtpProfiles;
            this.keyingMaterialLength = keyingMaterialLength;
        }

        ChromiumLikeClient bulky() {
            bulky = true;
            return this;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return TlsUtils.getSupportedCipherSuites(getCrypto(), CHROMIUM_CIPHER_SUITES);
        }

        @Override
        protected Vector getSupportedGroups(Vector namedGroupRoles) {
            Vector groups = new Vector();
            if (bulky) {
                groups.add(NamedGroup.X25519MLKEM768);
            }
            TlsUtils.addIfSupported(groups, getCrypto(), CHROMIUM_GROUPS);
            return groups;
        }

        @Override
        public Hashtable getClientExtensions() throws IOException {
            Hashtable extensions = super.getClientExtensions();
            if (srtpProfiles != null) {
                TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(srtpProfiles, TlsUtils.EMPTY_BYTES));
            }
            if (bulky) {
                org.bouncycastle.tls.TlsExtensionsUtils.addPaddingExtension(extensions, 1500);
            }
            return extensions;
        }

        @Override
        public void processServerExtensions(Hashtable serverExtensions) throws IOException {
            super.processServerExtensions(serverExtensions);
            UseSRTPData data = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
            selectedProfile = data == null ? -1 : data.getProtectionProfiles()[0];
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new TlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate cert) throws IOException {
                    serverCertificate = cert.getCertificate().getCertificateAt(0).getEncoded();
                }

                @Override
                public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                    return signer(context, certificate);
                }
            };
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            material = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, keyingMaterialLength);
        }

        /** Runs the handshake on a new thread over {@code transport}. */
        CompletableFuture<Outcome> connect(QueuedDatagramTransport transport) {
            CompletableFuture<Outcome> result = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    DTLSTransport dtls = new DTLSClientProtocol().connect(this, transport);
                    result.complete(new Outcome(context.getSecurityParametersConnection().getCipherSuite(),
                            selectedProfile, material, serverCertificate, context.getServerVersion()));
                    drain(dtls);
                } catch (Exception e) {
                    result.completeExceptionally(e);
                }
            });
            return result;
        }
    }

    /** A server accepting the first SRTP profile the client offers, requesting a client certificate. */
    static final class PlainServer extends DefaultTlsServer {
        private final DtlsCertificate certificate;
        private final int keyingMaterialLength;
        private volatile int selectedProfile = -1;
        private volatile byte[] material;
        private volatile byte[] clientCertificate;

        PlainServer(DtlsCertificate certificate, int keyingMaterialLength) {
            super(CRYPTO);
            this.certificate = certificate;
            this.keyingMaterialLength = keyingMaterialLength;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return TlsUtils.getSupportedCipherSuites(getCrypto(), new int[] {
                CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256});
        }

        @Override
        public void processClientExtensions(Hashtable clientExtensions) throws IOException {
            super.processClientExtensions(clientExtensions);
            selectedProfile = TlsSRTPUtils.getUseSRTPExtension(clientExtensions).getProtectionProfiles()[0];
        }

        @Override
        public Hashtable getServerExtensions() throws IOException {
            Hashtable extensions = super.getServerExtensions();
            TlsSRTPUtils.addUseSRTPExtension(extensions,
                    new UseSRTPData(new int[] {selectedProfile}, TlsUtils.EMPTY_BYTES));
            return extensions;
        }

        @Override
        protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
            return signer(context, certificate);
        }

        @Override
        public CertificateRequest getCertificateRequest() {
            return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign},
                    TlsUtils.getDefaultSupportedSignatureAlgorithms(context), null);
        }

        @Override
        public void notifyClientCertificate(Certificate cert) throws IOException {
            clientCertificate = cert.getCertificateAt(0).getEncoded();
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            material = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, keyingMaterialLength);
        }

        CompletableFuture<Outcome> accept(QueuedDatagramTransport transport) {
            CompletableFuture<Outcome> result = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    DTLSTransport dtls = new DTLSServerProtocol().accept(this, transport);
                    result.complete(new Outcome(context.getSecurityParametersConnection().getCipherSuite(),
                            selectedProfile, material, clientCertificate, context.getServerVersion()));
                    drain(dtls);
                } catch (Exception e) {
                    result.completeExceptionally(e);
                }
            });
            return result;
        }
    }

    /** Keeps reading so retransmitted flights and close_notify are handled, until the transport closes. */
    private static void drain(DTLSTransport dtls) {
        byte[] buf = new byte[2048];
        try {
            while (true) {
                dtls.receive(buf, 0, buf.length, 0);
            }
        } catch (IOException | RuntimeException e) {
            // closed
        }
    }
}
