package dev.hibiki.storage;

import com.sun.net.httpserver.HttpServer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Google's OAuth token endpoint as a service-account key's {@code token_uri} sees it, on loopback: it hands out
 * an access token for any signed assertion, or, when told to, answers as Google does for a deleted key.
 */
final class FakeTokenService implements AutoCloseable {
    static final String CLIENT_EMAIL = "archiver@demo-hibiki.iam.gserviceaccount.com";

    private final HttpServer server;
    final AtomicInteger requests = new AtomicInteger();
    final AtomicBoolean rejectKeys = new AtomicBoolean();

    FakeTokenService() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token", exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            boolean reject = rejectKeys.get();
            byte[] body = (reject
                    ? "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}"
                    : "{\"access_token\":\"ya29.test-token\",\"expires_in\":3600,\"token_type\":\"Bearer\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(reject ? 400 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    URI tokenUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
    }

    /** A service-account key as Google hands it out, with a fresh RSA key, whose token_uri is this service. */
    String serviceAccountJson() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(g.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        return "{\n"
                + "  \"type\": \"service_account\",\n"
                + "  \"project_id\": \"demo-hibiki\",\n"
                + "  \"private_key_id\": \"0123456789abcdef\",\n"
                + "  \"private_key\": \"" + pem.replace("\n", "\\n") + "\",\n"
                + "  \"client_email\": \"" + CLIENT_EMAIL + "\",\n"
                + "  \"client_id\": \"100000000000000000001\",\n"
                + "  \"auth_uri\": \"https://accounts.google.com/o/oauth2/auth\",\n"
                + "  \"token_uri\": \"" + tokenUri() + "\"\n"
                + "}\n";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
