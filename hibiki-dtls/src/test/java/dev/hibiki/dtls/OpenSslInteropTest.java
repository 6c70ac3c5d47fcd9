package dev.hibiki.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hibiki.srtp.SrtpKeys;
import dev.hibiki.srtp.SrtpProfile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with a DTLS stack that is not bctls: the {@code openssl} command line (OpenSSL 3, BoringSSL's
 * ancestor) over real UDP on loopback. Both sides print or return the RFC 5764 exporter output, which
 * must agree byte for byte. Skipped where no {@code openssl} binary is installed.
 */
@EnabledIf("opensslAvailable")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class OpenSslInteropTest {
    private static final Pattern KEYING_MATERIAL = Pattern.compile("Keying material: ([0-9A-F]+)");

    @TempDir
    Path dir;

    private final List<AutoCloseable> cleanup = new ArrayList<>();

    static boolean opensslAvailable() {
        try {
            Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : cleanup.reversed()) {
            c.close();
        }
    }

    @Test
    void hibikiServerWithOpenSslClient() throws Exception {
        DtlsFingerprint opensslFingerprint = opensslCertificate();
        DtlsCertificate ours = DtlsCertificate.generate();
        UdpBridge bridge = new UdpBridge(null);
        RecordingListener events = new RecordingListener();
        DtlsTransport server = new DtlsTransport(DtlsRole.SERVER, ours, List.of(opensslFingerprint), bridge::send,
                events, DtlsOptions.defaults().withInitialRetransmitMillis(200));
        cleanup.add(server);
        bridge.start(server::onDatagram);
        server.start();

        // Chromium's preference order for suites and groups, both SRTP profiles.
        Process client = start("openssl", "s_client", "-dtls1_2", "-connect", "127.0.0.1:" + bridge.port(),
                "-cert", "c.pem", "-key", "k.pem", "-noservername",
                "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305",
                "-curves", "X25519:P-256:P-384",
                "-use_srtp", "SRTP_AEAD_AES_128_GCM:SRTP_AES128_CM_SHA1_80",
                "-keymatexport", "EXTRACTOR-dtls_srtp", "-keymatexportlen", "56");
        CompletableFuture<String> output = collect(client);
        SrtpKeys keys = events.awaitConnected();

        client.getOutputStream().close(); // EOF on stdin: s_client sends close_notify and exits
        String log = output.get(30, TimeUnit.SECONDS);
        events.awaitClosed();

        assertThat(log).contains("Cipher is ECDHE-ECDSA-AES128-GCM-SHA256",
                "SRTP Extension negotiated, profile=SRTP_AEAD_AES_128_GCM", "Extended master secret: yes");
        assertThat(keys.profile()).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
        byte[] m = keyingMaterial(log);
        assertThat(m).hasSize(56);
        assertThat(keys.remoteMasterKey()).isEqualTo(Arrays.copyOfRange(m, 0, 16));
        assertThat(keys.localMasterKey()).isEqualTo(Arrays.copyOfRange(m, 16, 32));
        assertThat(keys.remoteMasterSalt()).isEqualTo(Arrays.copyOfRange(m, 32, 44));
        assertThat(keys.localMasterSalt()).isEqualTo(Arrays.copyOfRange(m, 44, 56));
        assertThat(events.failed).isNotDone();
    }

    @Test
    void hibikiClientWithOpenSslServer() throws Exception {
        DtlsFingerprint opensslFingerprint = opensslCertificate();
        DtlsCertificate ours = DtlsCertificate.generate();
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Process server = start("openssl", "s_server", "-dtls1_2", "-accept", "127.0.0.1:" + port,
                "-cert", "c.pem", "-key", "k.pem", "-verify", "1", "-naccept", "1",
                "-use_srtp", "SRTP_AES128_CM_SHA1_80",
                "-keymatexport", "EXTRACTOR-dtls_srtp", "-keymatexportlen", "60");
        CompletableFuture<String> output = collect(server);

        UdpBridge bridge = new UdpBridge(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        RecordingListener events = new RecordingListener();
        DtlsTransport client = new DtlsTransport(DtlsRole.CLIENT, ours, List.of(opensslFingerprint), bridge::send,
                events, DtlsOptions.defaults().withInitialRetransmitMillis(200));
        cleanup.add(client);
        bridge.start(client::onDatagram);
        client.start(); // if s_server is not listening yet, the ClientHello is retransmitted
        SrtpKeys keys = events.awaitConnected();

        client.close(); // close_notify ends s_server's only connection, so it exits
        String log = output.get(30, TimeUnit.SECONDS);
        events.awaitClosed();

        assertThat(log).contains("SRTP Extension negotiated, profile=SRTP_AES128_CM_SHA1_80", "CN = hibiki");
        assertThat(keys.profile()).isEqualTo(SrtpProfile.AES128_CM_HMAC_SHA1_80);
        byte[] m = keyingMaterial(log);
        assertThat(m).hasSize(60);
        assertThat(keys.localMasterKey()).isEqualTo(Arrays.copyOfRange(m, 0, 16));
        assertThat(keys.remoteMasterKey()).isEqualTo(Arrays.copyOfRange(m, 16, 32));
        assertThat(keys.localMasterSalt()).isEqualTo(Arrays.copyOfRange(m, 32, 46));
        assertThat(keys.remoteMasterSalt()).isEqualTo(Arrays.copyOfRange(m, 46, 60));
    }

    @Test
    void openSslClientWithTheWrongCertificateIsRejected() throws Exception {
        opensslCertificate();
        UdpBridge bridge = new UdpBridge(null);
        RecordingListener events = new RecordingListener();
        DtlsTransport server = new DtlsTransport(DtlsRole.SERVER, DtlsCertificate.generate(),
                List.of(DtlsCertificate.generate().fingerprint()), bridge::send, events, DtlsOptions.defaults());
        cleanup.add(server);
        bridge.start(server::onDatagram);
        server.start();
        Process client = start("openssl", "s_client", "-dtls1_2", "-connect", "127.0.0.1:" + bridge.port(),
                "-cert", "c.pem", "-key", "k.pem", "-use_srtp", "SRTP_AEAD_AES_128_GCM");
        CompletableFuture<String> output = collect(client);

        assertThat(events.awaitFailed()).hasMessageContaining("bad_certificate");
        client.getOutputStream().close();
        assertThat(output.get(30, TimeUnit.SECONDS)).containsIgnoringCase("bad certificate");
    }

    /** Makes an ECDSA P-256 certificate with openssl and returns its fingerprint. */
    private DtlsFingerprint opensslCertificate() throws Exception {
        Process p = start("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-subj", "/CN=openssl", "-days", "2", "-keyout", "k.pem", "-out", "c.pem");
        p.getOutputStream().close();
        assertThat(collect(p).get(30, TimeUnit.SECONDS)).isNotNull();
        assertThat(p.exitValue()).isZero();
        String pem = Files.readString(dir.resolve("c.pem"));
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return DtlsFingerprint.sha256(Base64.getDecoder().decode(base64));
    }

    private Process start(String... command) throws IOException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        cleanup.add(() -> {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        });
        return p;
    }

    /** All output of a process, once it has exited. */
    private static CompletableFuture<String> collect(Process p) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                p.getInputStream().transferTo(out);
                p.waitFor();
                result.complete(out.toString(StandardCharsets.UTF_8));
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private static byte[] keyingMaterial(String log) {
        Matcher m = KEYING_MATERIAL.matcher(log);
        assertThat(m.find()).as(log).isTrue();
        return HexFormat.of().parseHex(m.group(1));
    }

    /** A UDP socket standing in for the ICE layer: learns the peer from the first datagram if not given. */
    private final class UdpBridge {
        private final DatagramSocket socket;
        private volatile SocketAddress peer;

        UdpBridge(SocketAddress peer) throws IOException {
            this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            this.peer = peer;
            cleanup.add(socket);
        }

        int port() {
            return socket.getLocalPort();
        }

        void start(DatagramPipe.Receiver receiver) {
            Thread.ofVirtual().start(() -> {
                byte[] buf = new byte[2048];
                while (!socket.isClosed()) {
                    DatagramPacket packet = new DatagramPacket(buf, buf.length);
                    try {
                        socket.receive(packet);
                    } catch (IOException e) {
                        continue;
                    }
                    if (peer == null) {
                        peer = packet.getSocketAddress();
                    }
                    receiver.onDatagram(buf, 0, packet.getLength());
                }
            });
        }

        void send(byte[] buf, int off, int len) {
            SocketAddress to = peer;
            if (to == null) {
                return;
            }
            try {
                socket.send(new DatagramPacket(buf, off, len, to));
            } catch (IOException e) {
                // lost datagram; DTLS retransmits
            }
        }
    }
}
