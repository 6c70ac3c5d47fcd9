package dev.hibiki.server.browser;

import org.junit.jupiter.api.Assumptions;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Debian's nginx in the foreground, serving the committed reverse-proxy example {@code deploy/nginx-hibiki.conf} in
 * front of a Hibiki on loopback. Only what differs from machine to machine is rewritten — the listen addresses and
 * ports, the server name, the certificate paths and the upstream's port — so every other directive runs as
 * committed; a rewrite that no longer matches the example fails, so the example and this test cannot drift apart.
 * A self-signed certificate for {@code localhost} (made with the openssl CLI) stands in for Let's Encrypt.
 */
final class NginxTlsProxy implements AutoCloseable {

    /** Surefire runs in hibiki-server/, so the repository root is its parent. */
    static final Path EXAMPLE = Path.of("..", "deploy", "nginx-hibiki.conf");
    static final Path NGINX = Path.of("/usr/sbin/nginx");
    static final Path OPENSSL = Path.of("/usr/bin/openssl");

    /** A key pair and self-signed certificate for localhost and 127.0.0.1. */
    record Tls(Path certificateFile, Path keyFile, X509Certificate certificate) {

        static Tls selfSigned(Path dir) {
            return selfSigned(dir, List.of());
        }

        /** For localhost, 127.0.0.1 and these addresses. */
        static Tls selfSigned(Path dir, List<java.net.InetAddress> alsoFor) {
            requireExecutable(OPENSSL, "openssl");
            Path cert = dir.resolve("localhost.crt");
            Path key = dir.resolve("localhost.key");
            run(dir, List.of(OPENSSL.toString(), "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1" + alsoFor.stream()
                            .map(a -> ",IP:" + a.getHostAddress()).collect(Collectors.joining()),
                    "-keyout", key.toString(), "-out", cert.toString()));
            try (InputStream in = Files.newInputStream(cert)) {
                X509Certificate x509 = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
                return new Tls(cert, key, x509);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Trusts this certificate and nothing else. */
        SSLContext sslContext() {
            try {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                trust.setCertificateEntry("localhost", certificate);
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, tmf.getTrustManagers(), null);
                return ctx;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        HttpClient httpClient() {
            return HttpClient.newBuilder().sslContext(sslContext()).connectTimeout(Duration.ofSeconds(5)).build();
        }

        /**
         * Chromium's flag that accepts this certificate's key only ({@code --ignore-certificate-errors-spki-list}: the
         * base64 SHA-256 of its SubjectPublicKeyInfo), not every certificate error.
         */
        String chromiumFlag() {
            try {
                byte[] spki = MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded());
                return "--ignore-certificate-errors-spki-list=" + Base64.getEncoder().encodeToString(spki);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final Path dir;
    private final int httpsPort;
    private final int httpPort;
    private final Process process;

    private NginxTlsProxy(Path dir, int httpsPort, int httpPort, Process process) {
        this.dir = dir;
        this.httpsPort = httpsPort;
        this.httpPort = httpPort;
        this.process = process;
    }

    /** The committed example as this machine runs it: loopback ports, localhost, the test certificate. */
    static String siteConfig(int httpsPort, int httpPort, Tls tls, int hibikiPort) {
        String text;
        try {
            text = Files.readString(EXAMPLE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The container may have no IPv6 loopback; the IPv4 listeners carry the test.
        text = text.lines().filter(l -> !l.trim().startsWith("listen [::]:")).collect(Collectors.joining("\n", "", "\n"));
        text = replace(text, "listen 80;", "listen 127.0.0.1:" + httpPort + ";");
        text = replace(text, "listen 443 ssl http2;", "listen 127.0.0.1:" + httpsPort + " ssl http2;");
        text = replace(text, "server_name live.example.com;", "server_name localhost;");
        text = replace(text, "/etc/letsencrypt/live/live.example.com/fullchain.pem", tls.certificateFile().toString());
        text = replace(text, "/etc/letsencrypt/live/live.example.com/privkey.pem", tls.keyFile().toString());
        text = replace(text, "server 127.0.0.1:8080;", "server 127.0.0.1:" + hibikiPort + ";");
        return text;
    }

    /**
     * Starts nginx with {@code site} inside an http block of its own (logs, pid and temporary files in {@code dir})
     * and returns once both ports accept connections.
     */
    static NginxTlsProxy start(Path dir, String site, int httpsPort, int httpPort) {
        requireExecutable(NGINX, "nginx");
        try {
            Files.createDirectories(dir.resolve("tmp"));
            Files.writeString(dir.resolve("hibiki.conf"), site);
            Files.writeString(dir.resolve("nginx.conf"), """
                    daemon off;
                    master_process off;
                    pid %1$s/nginx.pid;
                    error_log %1$s/error.log info;
                    events { worker_connections 256; }
                    http {
                      access_log %1$s/access.log;
                      client_body_temp_path %1$s/tmp/body;
                      proxy_temp_path %1$s/tmp/proxy;
                      fastcgi_temp_path %1$s/tmp/fastcgi;
                      uwsgi_temp_path %1$s/tmp/uwsgi;
                      scgi_temp_path %1$s/tmp/scgi;
                      include %1$s/hibiki.conf;
                    }
                    """.formatted(dir));
            Process p = new ProcessBuilder(NGINX.toString(), "-e", dir.resolve("error.log").toString(),
                    "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
            NginxTlsProxy nginx = new NginxTlsProxy(dir, httpsPort, httpPort, p);
            try {
                nginx.awaitListening(httpsPort);
                nginx.awaitListening(httpPort);
            } catch (RuntimeException | Error e) {
                nginx.close();
                throw e;
            }
            return nginx;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int httpsPort() {
        return httpsPort;
    }

    int httpPort() {
        return httpPort;
    }

    /** {@code https://localhost:PORT/}: what HIBIKI_PUBLIC_URL names. */
    URI httpsBase() {
        return URI.create("https://localhost:" + httpsPort + "/");
    }

    String accessLog() {
        return read("access.log");
    }

    String errorLog() {
        return read("error.log");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A TCP port that was free on loopback a moment ago. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitListening(int port) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            if (!process.isAlive()) throw new AssertionError("nginx exited: " + read("stdout.log") + errorLog());
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) throw new AssertionError("nginx does not listen on " + port + ": " + errorLog());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private String read(String name) {
        try {
            return Files.readString(dir.resolve(name));
        } catch (IOException e) {
            return "(no " + name + ")";
        }
    }

    private static String replace(String text, String directive, String replacement) {
        if (!text.contains(directive)) {
            throw new AssertionError(EXAMPLE + " no longer contains `" + directive + "`: update this test with it");
        }
        return text.replace(directive, replacement);
    }

    private static void requireExecutable(Path tool, String pkg) {
        if (Files.isExecutable(tool)) return;
        String missing = tool + " is missing: apt-get install " + pkg + ", or run bin/test, which installs it";
        if (System.getenv("CI") != null) throw new IllegalStateException(missing);
        Assumptions.abort(missing);
    }

    private static void run(Path dir, List<String> command) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
