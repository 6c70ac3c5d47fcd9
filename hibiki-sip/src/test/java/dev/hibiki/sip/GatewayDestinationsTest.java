package dev.hibiki.sip;

import dev.hibiki.net.OutboundAddressPolicy;
import dev.hibiki.sip.testing.NginxRtmp;
import dev.hibiki.sip.testing.Sipp;
import dev.hibiki.sip.testing.TlsFront;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Where the gateway connects: SIP requests and the RTMP publish go to the address the outbound policy looked up
 * and checked, never to one JAIN-SIP or FFmpeg found for themselves. The names used here exist only in the test's
 * resolver, so a peer that is reached proves the gateway used the address it was handed; a peer that is not
 * reached, with the call FAILED as "not allowed", proves the check before connecting. Where a call must reach
 * sipp on 127.0.0.1 while something else counts as the operator's network, 127.0.0.2 plays the private address.
 */
@Tag("sip")
class GatewayDestinationsTest {
    private static final Predicate<InetAddress> ONLY_127_0_0_2_IS_PRIVATE = a -> a.getHostAddress().equals("127.0.0.2");

    private static NginxRtmp nginx;
    private SipGateway gateway;
    private Sipp sipp;

    @BeforeAll
    static void startNginx() throws Exception {
        nginx = new NginxRtmp();
    }

    @AfterAll
    static void stopNginx() throws Exception {
        if (nginx != null) nginx.close();
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) gateway.close();
        if (sipp != null) sipp.close();
    }

    /** Resolves the names in the table (and IP literals); every other name is unknown. */
    private static OutboundAddressPolicy.HostResolver names(Map<String, String> table) {
        return host -> {
            String a = table.get(host);
            if (a != null) return new InetAddress[] {InetAddress.getByName(a)};
            if (host.matches("[0-9.]+")) return new InetAddress[] {InetAddress.getByName(host)};
            throw new UnknownHostException(host);
        };
    }

    private static OutboundAddressPolicy strict(Map<String, String> table) {
        return OutboundAddressPolicy.of(false, "sip.allow_private_networks").withResolver(names(table));
    }

    private void startGateway(OutboundAddressPolicy policy) throws Exception {
        gateway = SipGateway.start(GatewaySettings.loopback(Duration.ofSeconds(5)).withOutbound(policy), s -> { });
    }

    private CallSnapshot place(String id, String domain, String rtmpUrl) throws Exception {
        return gateway.startCall(new CallRequest(id, "service", rtmpUrl, id, false, false, null,
                new SipAccount(Sipp.USER, Sipp.PASSWORD, Sipp.USER, domain, null, sipp.port(), false, SipTransport.UDP)));
    }

    private CallSnapshot awaitCall(String id, Predicate<CallSnapshot> until) {
        await().atMost(Duration.ofSeconds(20)).until(() -> until.test(gateway.find(id).orElseThrow()));
        return gateway.find(id).orElseThrow();
    }

    @Test
    void sipAndRtmpGoToTheAddressesTheResolverGaveWhileTheirPeersSeeTheNames() throws Exception {
        startGateway(OutboundAddressPolicy.allowingPrivateNetworks()
                .withResolver(names(Map.of("sip.pinned.test", "127.0.0.1", "rtmp.pinned.test", "127.0.0.1"))));
        sipp = new Sipp(Sipp.AfterAnswer.WAIT_FOR_BYE, 0, 0, "udp");
        String app = "rtmp://rtmp.pinned.test:" + nginx.port() + "/live";
        place("pinned", "sip.pinned.test", app);
        awaitCall("pinned", c -> c.rtmpState() == RtmpState.PUBLISHING);
        assertThat(sipp.messages()).contains("INVITE sip:service@sip.pinned.test:" + sipp.port());

        gateway.terminate("pinned");
        await().atMost(Duration.ofSeconds(10)).until(() -> nginx.accessLog().contains(" pinned "));
        assertThat(nginx.accessLog()).as("the connect command's tcUrl names the host, not the address")
                .contains("live pinned " + app);
    }

    @Test
    void rtmpsSendsTheNameInTlsAndReachesTheCheckedAddressThroughTheTunnel() throws Exception {
        try (TlsFront cdn = new TlsFront("rtmps.pinned.test", nginx.port())) {
            startGateway(OutboundAddressPolicy.allowingPrivateNetworks()
                    .withResolver(names(Map.of("rtmps.pinned.test", "127.0.0.1"))));
            sipp = new Sipp(Sipp.AfterAnswer.WAIT_FOR_BYE, 0, 0, "udp");
            String app = "rtmps://rtmps.pinned.test:" + cdn.port() + "/live";
            place("tls", "127.0.0.1", app);
            awaitCall("tls", c -> c.rtmpState() == RtmpState.PUBLISHING && c.media().aacFrames() > 5);
            assertThat(cdn.serverNames()).containsExactly("rtmps.pinned.test");

            gateway.terminate("tls");
            await().atMost(Duration.ofSeconds(10)).until(() -> nginx.accessLog().contains(" tls "));
            assertThat(nginx.accessLog()).contains("live tls " + app);
        }
    }

    @Test
    void aSipHostThatResolvesToAPrivateAddressIsNotSentTo() throws Exception {
        startGateway(strict(Map.of("sip.rebind.test", "127.0.0.1")));
        sipp = new Sipp(Sipp.AfterAnswer.WAIT_FOR_BYE, 0, 0, "udp");
        place("rebind", "sip.rebind.test", "rtmp://127.0.0.1:" + nginx.port() + "/live");
        CallSnapshot failed = awaitCall("rebind", c -> c.status() == CallStatus.FAILED);
        assertThat(failed.reason()).startsWith("INVITE could not be sent: sip.rebind.test is not allowed")
                .contains("sip.allow_private_networks").doesNotContain("127.0.0.1");
        Thread.sleep(500);
        assertThat(sipp.messages()).doesNotContain("INVITE");
    }

    @Test
    void anRtmpHostThatResolvesToAPrivateAddressEndsTheCallUnconnected() throws Exception {
        startGateway(strict(Map.of("sip.public.test", "127.0.0.1", "rtmp.rebind.test", "127.0.0.2"))
                .withPrivateAddresses(ONLY_127_0_0_2_IS_PRIVATE));
        sipp = new Sipp(Sipp.AfterAnswer.WAIT_FOR_BYE, 0, 0, "udp");
        try (ServerSocket internal = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.2"))) {
            place("rtmpbad", "sip.public.test", "rtmp://rtmp.rebind.test:" + internal.getLocalPort() + "/live");
            CallSnapshot failed = awaitCall("rtmpbad", c -> c.status() == CallStatus.FAILED);
            assertThat(failed.sipStatus()).as("the far end had answered").isEqualTo(200);
            assertThat(failed.reason()).startsWith("RTMP not connected: rtmp.rebind.test is not allowed")
                    .doesNotContain("127.0.0.2");
            await().atMost(Duration.ofSeconds(5)).until(() -> sipp.messages().contains("BYE sip:"));
            internal.setSoTimeout(500);
            assertThatThrownBy(internal::accept).as("nothing connected to the private address")
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void anAnswerWhoseContactIsPrivateIsNotAcknowledged() throws Exception {
        startGateway(strict(Map.of()).withPrivateAddresses(ONLY_127_0_0_2_IS_PRIVATE));
        try (DatagramSocket internal = new DatagramSocket(0, InetAddress.getByName("127.0.0.2"))) {
            sipp = Sipp.answeringWithContact("127.0.0.2:" + internal.getLocalPort());
            place("contactbad", "127.0.0.1", "rtmp://127.0.0.1:" + nginx.port() + "/live");
            CallSnapshot failed = awaitCall("contactbad", c -> c.status() == CallStatus.FAILED);
            assertThat(failed.reason()).startsWith("ACK could not be sent: 127.0.0.2 is not allowed");
            assertThat(failed.rtmpState()).isNotEqualTo(RtmpState.PUBLISHING);
            internal.setSoTimeout(500);
            assertThatThrownBy(() -> internal.receive(new DatagramPacket(new byte[4096], 4096)))
                    .as("no ACK or BYE reached the Contact's private address").isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void anAnswerWhoseMediaAddressIsPrivateIsHungUp() throws Exception {
        startGateway(strict(Map.of()).withPrivateAddresses(ONLY_127_0_0_2_IS_PRIVATE));
        sipp = Sipp.answeringWithMediaOn("127.0.0.2");
        place("sdpbad", "127.0.0.1", "rtmp://127.0.0.1:" + nginx.port() + "/live");
        CallSnapshot failed = awaitCall("sdpbad", c -> c.status() == CallStatus.FAILED);
        assertThat(failed.reason()).startsWith("the answer's audio address is not allowed");
        assertThat(failed.rtmpState()).isNotEqualTo(RtmpState.PUBLISHING);
        await().atMost(Duration.ofSeconds(5)).until(() -> sipp.messages().contains("BYE sip:"));
    }
}
