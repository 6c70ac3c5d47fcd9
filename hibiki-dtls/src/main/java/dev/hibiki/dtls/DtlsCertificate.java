package dev.hibiki.dtls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentSignerBuilder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCrypto;

/**
 * A self-signed ECDSA P-256 certificate and its key, the DTLS identity of a Hibiki process. One instance
 * can serve every connection; peers authenticate it only through the SDP fingerprint, never a CA.
 */
public final class DtlsCertificate {
    /** WebRTC endpoints ignore validity; a year keeps strict stacks happy for a long-running process. */
    private static final Duration DEFAULT_VALIDITY = Duration.ofDays(365);

    private final byte[] der;
    private final AsymmetricKeyParameter privateKey;
    private final DtlsFingerprint sha256;

    private DtlsCertificate(byte[] der, AsymmetricKeyParameter privateKey) {
        this.der = der;
        this.privateKey = privateKey;
        this.sha256 = DtlsFingerprint.sha256(der);
    }

    /** A new key pair and certificate with subject {@code CN=hibiki}. */
    public static DtlsCertificate generate() {
        return generate("hibiki", DEFAULT_VALIDITY);
    }

    public static DtlsCertificate generate(String commonName, Duration validity) {
        SecureRandom random = new SecureRandom();
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(
                ECNamedDomainParameters.lookup(SECObjectIdentifiers.secp256r1), random));
        AsymmetricCipherKeyPair keyPair = generator.generateKeyPair();

        X500Name name = new X500Name("CN=" + commonName);
        Instant now = Instant.now();
        // Backdated a day so a peer with a slightly slow clock does not see a not-yet-valid certificate.
        Date notBefore = Date.from(now.minus(Duration.ofDays(1)));
        Date notAfter = Date.from(now.plus(validity));
        BigInteger serial = new BigInteger(63, random).add(BigInteger.ONE);
        try {
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(name, serial, notBefore, notAfter, name,
                    SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(keyPair.getPublic()));
            AlgorithmIdentifier signature = new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withECDSA");
            AlgorithmIdentifier digest = new DefaultDigestAlgorithmIdentifierFinder().find(signature);
            byte[] der = builder.build(new BcECContentSignerBuilder(signature, digest).build(keyPair.getPrivate()))
                    .getEncoded();
            return new DtlsCertificate(der, keyPair.getPrivate());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign the DTLS certificate", e);
        }
    }

    /** The certificate in DER form. */
    public byte[] encoded() {
        return der.clone();
    }

    /** The {@code sha-256} fingerprint. */
    public DtlsFingerprint fingerprint() {
        return sha256;
    }

    /** The value for {@code a=fingerprint:}, e.g. {@code sha-256 AB:CD:...}. */
    public String sdpFingerprint() {
        return sha256.toSdpValue();
    }

    AsymmetricKeyParameter privateKey() {
        return privateKey;
    }

    Certificate tlsCertificate(TlsCrypto crypto) throws IOException {
        return new Certificate(new TlsCertificate[] {crypto.createCertificate(der)});
    }
}
