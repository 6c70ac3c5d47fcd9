package dev.hibiki.turn;

import static dev.hibiki.turn.TurnServerTest.LOOPBACK;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * coturn's own test client ({@code turnutils_uclient}, Debian {@code coturn}) against this server, with coturn's
 * echoing peer ({@code turnutils_peer}) as the only peer the policy allows: TURN REST credentials from the shared
 * secret, allocation, permissions, channels or Send indications, data both ways, over UDP and TCP; and a peer the
 * policy does not allow, which nothing reaches.
 */
@Tag("turn")
class CoturnClientTest {
    private static final Path UCLIENT = Path.of("/usr/bin/turnutils_uclient");
    private static final Path PEER = Path.of("/usr/bin/turnutils_peer");
    private static final String SECRET = "coturn-interop-secret";

    private Process peer;
    private int peerPort;
    private TurnServer server;

    @BeforeEach
    void start() throws Exception {
        if (!Files.isExecutable(UCLIENT) || !Files.isExecutable(PEER)) {
            String missing = UCLIENT + " is missing: apt-get install coturn, or run bin/test, which installs it";
            if (System.getenv("CI") != null) throw new IllegalStateException(missing);
            Assumptions.abort(missing);
        }
        peerPort = freeUdpPort();
        peer = new ProcessBuilder(PEER.toString(), "-L", "127.0.0.1", "-p", Integer.toString(peerPort))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        // uclient also binds a channel to the port above the peer's (an RTCP port); the peer does not answer there
        PeerPolicy policy = PeerPolicy.endpoints(List.of(new InetSocketAddress(LOOPBACK, peerPort),
                new InetSocketAddress(LOOPBACK, peerPort + 1)));
        server = TurnServer.start(TurnConfig.of(new InetSocketAddress(LOOPBACK, 0), LOOPBACK, "hibiki",
                SECRET.getBytes(StandardCharsets.UTF_8), policy));
        Thread.sleep(200); // the peer binds its socket
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) server.close();
        if (peer != null) {
            peer.destroy();
            peer.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest(name = "over {0}, Send indications: {1}")
    @CsvSource({"udp,false", "udp,true", "tcp,false", "tcp,true"})
    void uclientRelaysThroughTheServerToThePeerAndBack(String transport, boolean sendIndications) throws Exception {
        List<String> flags = new ArrayList<>();
        if (transport.equals("tcp")) flags.add("-t");
        if (sendIndications) flags.add("-s");

        String output = uclient(peerPort, flags);

        assertThat(output).contains("tot_recv_msgs=20").contains("Total lost packets 0 (0.000000%)");
        assertThat(server.stats().allocationsCreated()).as(output).isPositive();
        assertThat(server.stats().relayedPackets()).as(output).isGreaterThanOrEqualTo(2 * 20);
        assertThat(server.stats().authFailures()).isZero();
    }

    @ParameterizedTest(name = "over {0}")
    @CsvSource({"udp", "tcp"})
    void aPeerOnAnotherLoopbackPortIsRefused(String transport) throws Exception {
        List<String> flags = new ArrayList<>();
        if (transport.equals("tcp")) flags.add("-t");

        String output = uclient(peerPort + 2, flags);

        assertThat(server.stats().refusedPeers()).as(output).isPositive();
        assertThat(server.stats().relayedPackets()).as(output).isZero();
    }

    /** Runs uclient with one client, 20 messages of 120 bytes, no RTCP twin allocation; returns its output. */
    private String uclient(int toPeerPort, List<String> flags) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(UCLIENT.toString(), "-c", "-n", "20", "-l", "120", "-m", "1",
                "-z", "5", "-e", "127.0.0.1", "-r", Integer.toString(toPeerPort), "-p",
                Integer.toString(server.port()), "-u", "interop", "-W", SECRET));
        command.addAll(flags);
        command.add("127.0.0.1");
        Path log = Files.createTempFile("uclient", ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            boolean done = process.waitFor(60, TimeUnit.SECONDS);
            if (!done) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            String output = String.join(" ", command) + "\n" + Files.readString(log);
            assertThat(done).as(output).isTrue();
            return output;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            return socket.getLocalPort();
        }
    }
}
