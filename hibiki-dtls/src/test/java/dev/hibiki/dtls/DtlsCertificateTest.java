package dev.hibiki.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DtlsCertificateTest {
    @Test
    void isASelfSignedEcdsaP256CertificateTheJdkAccepts() throws Exception {
        DtlsCertificate certificate = DtlsCertificate.generate();
        X509Certificate x509 = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificate.encoded()));

        x509.verify(x509.getPublicKey()); // self-signed
        x509.checkValidity();
        assertThat(x509.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(x509.getSubjectX500Principal().getName()).isEqualTo("CN=hibiki");
        ECPublicKey key = (ECPublicKey) x509.getPublicKey();
        assertThat(key.getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        assertThat(key.getParams().toString()).contains("secp256r1");
    }

    @Test
    void fingerprintIsTheSha256OfTheDerCertificate() throws Exception {
        DtlsCertificate certificate = DtlsCertificate.generate();
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.encoded());
        String hex = HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);

        assertThat(certificate.sdpFingerprint()).isEqualTo("sha-256 " + hex);
        assertThat(certificate.sdpFingerprint()).matches("sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(DtlsFingerprint.parse(certificate.sdpFingerprint()).matches(certificate.encoded())).isTrue();
        assertThat(DtlsCertificate.generate().fingerprint()).isNotEqualTo(certificate.fingerprint());
    }
}
