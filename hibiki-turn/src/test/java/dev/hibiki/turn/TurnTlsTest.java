package dev.hibiki.turn;

import dev.hibiki.ice.stun.StunClass;
import dev.hibiki.ice.stun.StunMessage;
import dev.hibiki.turn.auth.TurnCredential;
import dev.hibiki.turn.auth.TurnRestCredentials;
import dev.hibiki.turn.proto.TurnAttribute;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * TURN over TLS ({@code turns:}): a client that trusts the server's certificate allocates and relays as over TCP; one
 * that does not trust it gets no further than the handshake; one that stops reading is disconnected after the client
 * write timeout, as over TCP. The certificate is made by the JDK's keytool.
 */
class TurnTlsTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final byte[] SECRET = "tls-test-secret".getBytes(StandardCharsets.UTF_8);
    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    Path dir;
    private TurnServer server;
    private TestPeer peer;
    private KeyStore keys;
    private int tlsPort;

    @BeforeEach
    void start() throws Exception {
        Path store = dir.resolve("turn.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keyalg", "EC", "-groupname", "secp256r1", "-alias", "turn", "-keystore", store.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1",
                "-validity", "2").redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor()).as(out).isZero();
        keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
        peer = new TestPeer(2000);
        server = TurnServer.start(TurnConfig.of(new InetSocketAddress(LOOPBACK, 0), LOOPBACK, "hibiki", SECRET,
                Set.of(peer.address())::contains).withQuotas(StalledClientTest.QUOTAS));
        tlsPort = server.openTls(new InetSocketAddress(LOOPBACK, 0), serverTls);
    }

    @AfterEach
    void stop() {
        if (peer != null) peer.close();
        if (server != null) server.close();
    }

    private SSLContext clientTrusting(KeyStore trusted) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return tls;
    }

    @Test
    void aClientTrustingTheCertificateAllocatesAndRelaysOverTls() throws Exception {
        TurnCredential credential = new TurnRestCredentials(SECRET, Clock.systemUTC()).issue("c1", Duration.ofMinutes(5));
        try (TurnTestClient c = TurnTestClient.tls(new InetSocketAddress(LOOPBACK, tlsPort), clientTrusting(keys),
                credential.username(), credential.password())) {
            StunMessage allocated = c.allocate();
            assertThat(allocated.messageClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
            InetSocketAddress relayed = allocated.xorAddressAt(allocated.findAttribute(TurnAttribute.XOR_RELAYED_ADDRESS));
            assertThat(c.createPermission(peer.address()).messageClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
            c.sendIndication(peer.address(), "over tls".getBytes(StandardCharsets.UTF_8));
            TestPeer.Datagram atPeer = peer.receive();
            assertThat(atPeer).isNotNull();
            assertThat(atPeer.from()).isEqualTo(relayed);
            assertThat(new String(atPeer.data(), StandardCharsets.UTF_8)).isEqualTo("over tls");
        }
    }

    @Test
    void aClientThatReadsNothingIsDisconnectedAndItsAllocationEnds() throws Exception {
        TurnCredential credential = new TurnRestCredentials(SECRET, Clock.systemUTC()).issue("c2", Duration.ofMinutes(5));
        try (TurnTestClient c = TurnTestClient.tls(new InetSocketAddress(LOOPBACK, tlsPort), clientTrusting(keys),
                credential.username(), credential.password())) {
            StunMessage allocated = c.allocate();
            InetSocketAddress relayed = allocated.xorAddressAt(allocated.findAttribute(TurnAttribute.XOR_RELAYED_ADDRESS));
            assertThat(c.createPermission(peer.address()).messageClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);

            assertThat(peer.flood(relayed, () -> server.stats().stalledClients() == 1, Duration.ofSeconds(20))).isTrue();
            TurnServerTest.eventually(() -> server.stats().activeAllocations() == 0);
        }
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateStopsAtTheHandshake() throws Exception {
        // The JDK's own trust anchors: public CAs, which never signed this certificate.
        assertThatThrownBy(() -> TurnTestClient.tls(new InetSocketAddress(LOOPBACK, tlsPort), clientTrusting(null),
                "u", "p")).isInstanceOf(SSLHandshakeException.class);
    }
}
