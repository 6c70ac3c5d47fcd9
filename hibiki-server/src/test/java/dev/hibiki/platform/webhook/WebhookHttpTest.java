package dev.hibiki.platform.webhook;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import dev.hibiki.net.DestinationNotAllowedException;
import dev.hibiki.net.OutboundAddressPolicy;
import dev.hibiki.server.testing.WebhookReceiver;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Where a webhook connects: to the address the policy checked, found by one lookup, and nowhere else. The names
 * used here exist only in the test's resolver, so a request that arrives proves the client connected to the
 * address it was handed rather than looking the name up itself.
 */
class WebhookHttpTest {
    private static final byte[] JSON = "{}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private final WebhookReceiver receiver = new WebhookReceiver();
    private final AtomicInteger lookups = new AtomicInteger();
    private WebhookHttp http;

    @AfterEach
    void close() {
        if (http != null) http.close();
        receiver.close();
    }

    /** Every name is this host's loopback address, counted. */
    private OutboundAddressPolicy.HostResolver loopbackForEveryName() {
        return host -> {
            lookups.incrementAndGet();
            if (!host.endsWith(".test")) throw new UnknownHostException(host);
            return new InetAddress[] {InetAddress.getLoopbackAddress()};
        };
    }

    @Test
    void anHttpWebhookConnectsToTheCheckedAddressAndKeepsItsNameInTheHostHeader() throws Exception {
        http = new WebhookHttp(Duration.ofSeconds(5),
                OutboundAddressPolicy.allowingPrivateNetworks().withResolver(loopbackForEveryName()));
        String url = "http://hooks.pinned.test:" + receiver.port() + "/p";
        WebhookHttp.Response r = http.post(URI.create(url), JSON, "CONN", true).get(10, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(200);
        WebhookReceiver.Call call = receiver.calls("/p").getFirst();
        assertThat(call.header("Host")).isEqualTo("hooks.pinned.test:" + receiver.port());
        assertThat(call.header("sora-connection-id")).isEqualTo("CONN");
        assertThat(call.header("Content-Type")).isEqualTo("application/json");
        assertThat(call.header("User-Agent")).isEqualTo("Hibiki");
        assertThat(lookups).as("one lookup for the one connection").hasValue(1);
    }

    @Test
    void aNameThatResolvesToAPrivateAddressAtConnectTimeIsNotConnectedTo() throws Exception {
        http = new WebhookHttp(Duration.ofSeconds(5),
                OutboundAddressPolicy.of(false, "webhook.allow_private_networks").withResolver(loopbackForEveryName()));
        URI url = URI.create("http://rebind.test:" + receiver.port() + "/p");
        assertThatThrownBy(() -> http.post(url, JSON, null, true).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .satisfies(e -> assertThat(WebhookHttp.notAllowed(e)).isNotNull()
                        .hasMessageContaining("rebind.test is not allowed")
                        .hasMessageNotContaining("127.0.0.1"));
        assertThat(receiver.calls("/p")).isEmpty();

        // the operator's own URLs (SIP app callbacks) may be on a private network
        assertThat(http.post(URI.create(receiver.url("/op")), JSON, null, false).get(10, TimeUnit.SECONDS).status())
                .isEqualTo(200);
    }

    @Test
    void anHttpsWebhookConnectsToTheCheckedAddressWithItsNameAsServerNameAndCertificateHost() throws Exception {
        KeyStore keys = selfSignedKeyStore("hooks.pinned.test");
        List<String> serverNames = new CopyOnWriteArrayList<>();
        List<String> hosts = new CopyOnWriteArrayList<>();
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        KeyManagerFactory km = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        km.init(keys, "secret".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(km.getKeyManagers(), null, null);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        https.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                ((ExtendedSSLSession) ((HttpsExchange) exchange).getSSLSession()).getRequestedServerNames()
                        .forEach(n -> serverNames.add(((SNIHostName) n).getAsciiName()));
                hosts.add(exchange.getRequestHeaders().getFirst("Host"));
                exchange.sendResponseHeaders(204, -1);
            }
        });
        https.start();
        try {
            http = new WebhookHttp(Duration.ofSeconds(5),
                    OutboundAddressPolicy.allowingPrivateNetworks().withResolver(loopbackForEveryName()), () -> {
                        SslContextFactory.Client client = new SslContextFactory.Client();
                        client.setTrustStore(keys);
                        return client;
                    });
            int port = https.getAddress().getPort();
            WebhookHttp.Response r = http.post(URI.create("https://hooks.pinned.test:" + port + "/h"), JSON, null, true)
                    .get(10, TimeUnit.SECONDS);
            assertThat(r.status()).isEqualTo(204);
            assertThat(serverNames).containsExactly("hooks.pinned.test");
            assertThat(hosts).containsExactly("hooks.pinned.test:" + port);
            assertThat(lookups).hasValue(1);
        } finally {
            https.stop(0);
        }
    }

    /** A key pair whose certificate names {@code host} (and only it), made by the JDK's keytool. */
    private KeyStore selfSignedKeyStore(String host) throws Exception {
        Path file = dir.resolve("keys.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "hook", "-keyalg", "EC", "-dname", "CN=" + host, "-ext", "SAN=dns:" + host,
                "-validity", "2", "-keystore", file.toString(), "-storetype", "PKCS12", "-storepass", "secret")
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor()).as(output).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            keys.load(in, "secret".toCharArray());
        }
        return keys;
    }
}
