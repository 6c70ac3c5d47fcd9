package dev.hibiki.dtls;

import dev.hibiki.srtp.SrtpKeys;
import dev.hibiki.srtp.SrtpProfile;
import java.io.IOException;
import java.util.Hashtable;
import java.util.List;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/** bctls server side of DTLS-SRTP: DTLS 1.2, ECDSA, mandatory client certificate, use_srtp. */
@SuppressWarnings({"rawtypes", "unchecked"})
final class DtlsSrtpServer extends DefaultTlsServer {
    private final BcTlsCrypto crypto;
    private final DtlsCertificate certificate;
    private final List<DtlsFingerprint> remoteFingerprints;
    private final DtlsOptions options;
    private final DtlsTransport owner;
    private SrtpProfile profile;
    private volatile SrtpKeys keys;
    private volatile int cipherSuite = -1;

    DtlsSrtpServer(BcTlsCrypto crypto, DtlsCertificate certificate, List<DtlsFingerprint> remoteFingerprints,
                   DtlsOptions options, DtlsTransport owner) {
        super(crypto);
        this.crypto = crypto;
        this.certificate = certificate;
        this.remoteFingerprints = remoteFingerprints;
        this.options = options;
        this.owner = owner;
    }

    SrtpKeys srtpKeys() {
        return keys;
    }

    int cipherSuite() {
        return cipherSuite;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(getCrypto(), DtlsSrtpSupport.SERVER_CIPHER_SUITES);
    }

    @Override
    protected boolean preferLocalCipherSuites() {
        return true;
    }

    @Override
    public int[] getSupportedGroups() {
        return DtlsSrtpSupport.NAMED_GROUPS.clone();
    }

    @Override
    public boolean requiresExtendedMasterSecret() {
        return true;
    }

    @Override
    public boolean shouldCheckSigAlgOfPeerCerts() {
        // The fingerprint authenticates the peer; how its self-signed certificate was signed is irrelevant.
        return false;
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return options.handshakeTimeoutMillis();
    }

    @Override
    public int getHandshakeResendTimeMillis() {
        return options.initialRetransmitMillis();
    }

    @Override
    public int getSelectedCipherSuite() throws IOException {
        int selected = super.getSelectedCipherSuite();
        owner.cipherSuiteSelected(selected);
        return selected;
    }

    @Override
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
        if (offered == null) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "client did not offer use_srtp");
        }
        profile = DtlsSrtpSupport.chooseProfile(offered.getProtectionProfiles(), options.srtpProfiles());
        if (profile == null) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "no common SRTP protection profile");
        }
    }

    @Override
    public Hashtable getServerExtensions() throws IOException {
        Hashtable extensions = super.getServerExtensions();
        TlsSRTPUtils.addUseSRTPExtension(extensions,
                new UseSRTPData(new int[] {profile.dtlsId()}, TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
        return DtlsSrtpSupport.signer(context, crypto, certificate,
                context.getSecurityParametersHandshake().getClientSigAlgs());
    }

    @Override
    public CertificateRequest getCertificateRequest() {
        short[] types = {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign};
        return new CertificateRequest(types, TlsUtils.getDefaultSupportedSignatureAlgorithms(context), null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        DtlsSrtpSupport.verifyPeerCertificate(clientCertificate, remoteFingerprints);
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        cipherSuite = context.getSecurityParametersConnection().getCipherSuite();
        keys = DtlsSrtpSupport.exportSrtpKeys(context, profile, false);
    }

    @Override
    public void notifyAlertRaised(short alertLevel, short alertDescription, String message, Throwable cause) {
        owner.alertRaised(alertLevel, alertDescription, message);
    }

    @Override
    public void notifyAlertReceived(short alertLevel, short alertDescription) {
        owner.alertReceived(alertLevel, alertDescription);
    }
}
