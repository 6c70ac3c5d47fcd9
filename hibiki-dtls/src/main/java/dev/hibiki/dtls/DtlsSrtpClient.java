package dev.hibiki.dtls;

import dev.hibiki.srtp.SrtpKeys;
import dev.hibiki.srtp.SrtpProfile;
import java.io.IOException;
import java.util.Hashtable;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/** bctls client side of DTLS-SRTP: offers DTLS 1.2, Chromium's suites and groups, use_srtp. */
@SuppressWarnings({"rawtypes", "unchecked"})
final class DtlsSrtpClient extends DefaultTlsClient {
    private final BcTlsCrypto crypto;
    private final DtlsCertificate certificate;
    private final List<DtlsFingerprint> remoteFingerprints;
    private final DtlsOptions options;
    private final DtlsTransport owner;
    private SrtpProfile profile;
    private volatile SrtpKeys keys;
    private volatile int cipherSuite = -1;

    DtlsSrtpClient(BcTlsCrypto crypto, DtlsCertificate certificate, List<DtlsFingerprint> remoteFingerprints,
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
        return TlsUtils.getSupportedCipherSuites(getCrypto(), DtlsSrtpSupport.CLIENT_CIPHER_SUITES);
    }

    @Override
    protected Vector getSupportedGroups(Vector namedGroupRoles) {
        Vector groups = new Vector();
        TlsUtils.addIfSupported(groups, getCrypto(), DtlsSrtpSupport.NAMED_GROUPS);
        return groups;
    }

    @Override
    public boolean requiresExtendedMasterSecret() {
        return true;
    }

    @Override
    public boolean shouldCheckSigAlgOfPeerCerts() {
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
    public void notifySelectedCipherSuite(int selectedCipherSuite) {
        super.notifySelectedCipherSuite(selectedCipherSuite);
        owner.cipherSuiteSelected(selectedCipherSuite);
    }

    @Override
    public Hashtable getClientExtensions() throws IOException {
        Hashtable extensions = super.getClientExtensions();
        TlsSRTPUtils.addUseSRTPExtension(extensions,
                new UseSRTPData(DtlsSrtpSupport.profileIds(options.srtpProfiles()), TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    @Override
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        UseSRTPData selected = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
        if (selected == null) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "server did not accept use_srtp");
        }
        int[] ids = selected.getProtectionProfiles();
        profile = ids.length == 1 ? DtlsSrtpSupport.chooseProfile(ids, options.srtpProfiles()) : null;
        if (profile == null) {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "server chose an SRTP profile we did not offer");
        }
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                DtlsSrtpSupport.verifyPeerCertificate(serverCertificate.getCertificate(), remoteFingerprints);
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                return DtlsSrtpSupport.signer(context, crypto, certificate, request.getSupportedSignatureAlgorithms());
            }
        };
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        cipherSuite = context.getSecurityParametersConnection().getCipherSuite();
        keys = DtlsSrtpSupport.exportSrtpKeys(context, profile, true);
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
