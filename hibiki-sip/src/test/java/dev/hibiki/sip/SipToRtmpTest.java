package dev.hibiki.sip;

import dev.hibiki.sip.testing.Baresip;
import dev.hibiki.sip.testing.Ffprobe;
import dev.hibiki.sip.testing.NginxRtmp;
import dev.hibiki.sip.testing.Sipp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Real calls: the gateway against sipp (digest auth, G.711 RTP), publishing to nginx-rtmp, read by ffprobe. */
@Tag("sip")
class SipToRtmpTest {
    private static NginxRtmp nginx;
    private static SipGateway gateway;
    private static final List<CallSnapshot> events = new CopyOnWriteArrayList<>();
    private Sipp sipp;

    @BeforeAll
    static void start() throws Exception {
        nginx = new NginxRtmp();
        gateway = SipGateway.start(GatewaySettings.loopback(Duration.ofSeconds(3)), events::add);
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) gateway.close();
        if (nginx != null) nginx.close();
    }

    @AfterEach
    void stopSipp() throws Exception {
        if (sipp != null) sipp.close();
    }

    static CallRequest call(String id, Sipp sipp, String stream, String password) {
        return call(id, "service", stream, new SipAccount(Sipp.USER, password, Sipp.USER, "127.0.0.1", null, sipp.port(),
                false, SipTransport.UDP));
    }

    static CallRequest call(String id, String callee, String stream, SipAccount account) {
        return new CallRequest(id, callee, "rtmp://127.0.0.1:" + nginx.port() + "/live", stream, false, false, null, account);
    }

    private static CallSnapshot awaitStatus(String id, CallStatus status) {
        await().atMost(Duration.ofSeconds(15)).until(() -> gateway.find(id).orElseThrow().status() == status);
        return gateway.find(id).orElseThrow();
    }

    @Test
    void callWithDigestAuthStreamsAacToRtmpAndTerminateSendsBye() throws Exception {
        sipp = new Sipp(Sipp.AfterAnswer.WAIT_FOR_BYE, 200, 0, "udp");
        CallSnapshot first = gateway.startCall(call("c1", sipp, "s1", Sipp.PASSWORD));
        assertThat(first.status()).isEqualTo(CallStatus.TRYING);
        CallSnapshot up = awaitStatus("c1", CallStatus.ESTABLISHED);
        assertThat(up.sipStatus()).isEqualTo(200);
        assertThat(up.media().audioCodec()).isEqualTo("PCMU");
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.find("c1").orElseThrow().rtmpState() == RtmpState.PUBLISHING);

        Ffprobe.LiveProbe probe = Ffprobe.live(nginx.appUrl() + "/s1", 3);
        assertThat(probe.codecs()).as(probe.output()).containsExactly("aac");
        assertThat(probe.audioSpan()).as(probe.output()).isGreaterThan(1.5);
        // sipp's 440 Hz tone (lavfi sine: amplitude 1/8, about -21 dBFS), not the silence filler
        assertThat(Ffprobe.meanVolume(nginx.appUrl() + "/s1", 2)).isGreaterThan(-40.0);
        CallSnapshot live = gateway.find("c1").orElseThrow();
        assertThat(live.media().rtpPackets()).isGreaterThan(100);
        assertThat(live.media().aacFrames()).isGreaterThan(20);
        assertThat(live.setupMillis()).isBetween(0L, 5000L);

        gateway.terminate("c1");
        CallSnapshot done = awaitStatus("c1", CallStatus.FINISHED);
        assertThat(done.reason()).isEqualTo("terminated");
        // sipp's scenario only ends after it received our BYE and answered it
        await().atMost(Duration.ofSeconds(5)).until(() -> sipp.messages().contains("BYE sip:"));
        await().atMost(Duration.ofSeconds(5)).until(() -> gateway.find("c1").orElseThrow().rtmpState() == RtmpState.CLOSED);
        assertThat(events).extracting(CallSnapshot::status).contains(CallStatus.TRYING, CallStatus.RINGING,
                CallStatus.ESTABLISHED, CallStatus.FINISHED);
    }

    @Test
    void fiveParallelCallsStreamToFiveStreams() throws Exception {
        sipp = new Sipp(Sipp.AfterAnswer.WAIT_FOR_BYE, 0, 0, "udp");
        for (int i = 0; i < 5; i++) gateway.startCall(call("p" + i, sipp, "par" + i, Sipp.PASSWORD));
        for (int i = 0; i < 5; i++) {
            String id = "p" + i;
            await().atMost(Duration.ofSeconds(15)).until(() -> gateway.find(id).orElseThrow().rtmpState() == RtmpState.PUBLISHING);
        }
        List<java.util.concurrent.Future<Ffprobe.LiveProbe>> probes = new java.util.ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 5; i++) {
                String url = nginx.appUrl() + "/par" + i;
                probes.add(pool.submit(() -> Ffprobe.live(url, 2)));
            }
            for (var f : probes) {
                Ffprobe.LiveProbe probe = f.get();
                assertThat(probe.codecs()).as(probe.output()).containsExactly("aac");
                assertThat(probe.audioSpan()).as(probe.output()).isGreaterThan(1.0);
            }
        }
        for (int i = 0; i < 5; i++) {
            assertThat(gateway.find("p" + i).orElseThrow().media().rtpPackets()).isGreaterThan(50);
            gateway.terminate("p" + i);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> gateway.activeCalls() == 0);
    }

    @Test
    void tcpTransportCarriesTheCall() throws Exception {
        sipp = new Sipp(Sipp.AfterAnswer.WAIT_FOR_BYE, 0, 0, "tcp");
        gateway.startCall(call("ctcp", "service", "stcp", new SipAccount(Sipp.USER, Sipp.PASSWORD, null, "127.0.0.1",
                null, sipp.port(), false, SipTransport.TCP)));
        awaitStatus("ctcp", CallStatus.ESTABLISHED);
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.find("ctcp").orElseThrow().media().aacFrames() > 5);
        gateway.terminate("ctcp");
        await().atMost(Duration.ofSeconds(5)).until(() -> sipp.messages().contains("BYE sip:"));
        assertThat(sipp.messages()).contains("SIP/2.0/TCP");
    }

    @Test
    void terminateWhileRingingSendsCancel() throws Exception {
        sipp = new Sipp(Sipp.AfterAnswer.RING_UNTIL_CANCEL, 0, 0, "udp");
        gateway.startCall(call("cring", sipp, "sring", Sipp.PASSWORD));
        awaitStatus("cring", CallStatus.RINGING);
        gateway.terminate("cring");
        CallSnapshot done = awaitStatus("cring", CallStatus.FINISHED);
        assertThat(done.reason()).isEqualTo("terminated");
        await().atMost(Duration.ofSeconds(5)).until(() -> sipp.messages().contains("CANCEL sip:"));
        await().atMost(Duration.ofSeconds(5)).until(() -> sipp.messages().contains("ACK sip:"));
    }

    @Test
    void registersBeforeCallingWhenRequired() throws Exception {
        sipp = new Sipp(Sipp.AfterAnswer.WAIT_FOR_BYE, 0, 0, "udp");
        try (Sipp registrar = Sipp.registrar("udp")) {
            SipAccount account = new SipAccount(Sipp.USER, Sipp.PASSWORD, Sipp.USER, "127.0.0.1", null, registrar.port(),
                    true, SipTransport.UDP);
            gateway.startCall(call("creg", "sip:service@127.0.0.1:" + sipp.port(), "sreg", account));
            awaitStatus("creg", CallStatus.ESTABLISHED);
            assertThat(registrar.messages()).contains("REGISTER sip:127.0.0.1:" + registrar.port(), "Authorization: Digest");
            gateway.terminate("creg");
        }
    }

    @Test
    void registrationWithAWrongPasswordFailsTheCall() throws Exception {
        try (Sipp registrar = Sipp.registrar("udp")) {
            SipAccount account = new SipAccount(Sipp.USER, "wrong", Sipp.USER, "127.0.0.1", null, registrar.port(),
                    true, SipTransport.UDP);
            gateway.startCall(call("cregbad", "sip:service@127.0.0.1:9", "sregbad", account));
            CallSnapshot failed = awaitStatus("cregbad", CallStatus.FAILED);
            assertThat(failed.sipStatus()).isEqualTo(403);
            assertThat(failed.reason()).isEqualTo("REGISTER failed: Forbidden");
        }
    }

    @Test
    void videoCallFromBaresipArrivesAsH264InRtmp() throws Exception {
        try (Baresip baresip = new Baresip()) {
            gateway.startCall(new CallRequest("cvideo", "bob@127.0.0.1:" + baresip.port(), nginx.appUrl(), "svideo",
                    true, true, null, new SipAccount("gateway", "", null, "127.0.0.1", null, baresip.port(), false,
                    SipTransport.UDP)));
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> gateway.find("cvideo").orElseThrow().status() != CallStatus.TRYING
                            && gateway.find("cvideo").orElseThrow().status() != CallStatus.RINGING);
            CallSnapshot up = gateway.find("cvideo").orElseThrow();
            assertThat(up.status()).as(baresip.output()).isEqualTo(CallStatus.ESTABLISHED);
            assertThat(up.media().videoCodec()).as(baresip.output()).isEqualTo("H264");
            await().atMost(Duration.ofSeconds(10)).until(() -> gateway.find("cvideo").orElseThrow().media().videoFrames() > 10);
            // a player's video starts at the next key frame of the far end, which may be seconds away (3.4 s in one
            // run of this test)
            Ffprobe.LiveProbe probe = Ffprobe.live(nginx.appUrl() + "/svideo", 8);
            assertThat(probe.codecs()).as(probe.output()).containsExactlyInAnyOrder("aac", "h264");
            assertThat(probe.videoPackets()).as(probe.output()).isGreaterThan(10);
            assertThat(probe.audioPackets()).as(probe.output()).isGreaterThan(10);
            gateway.terminate("cvideo");
        }
    }

    @Test
    void pausedVideoIsFilledWithHeldKeyFramesAndResumes() throws Exception {
        try (Baresip baresip = new Baresip()) {
            gateway.startCall(new CallRequest("cheld", "bob@127.0.0.1:" + baresip.port(), nginx.appUrl(), "sheld",
                    true, true, null, new SipAccount("gateway", "", null, "127.0.0.1", null, baresip.port(), false,
                    SipTransport.UDP)));
            await().atMost(Duration.ofSeconds(15)).until(() -> gateway.find("cheld").orElseThrow().media().videoFrames() > 10);
            var probe = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return Ffprobe.videoDecodeTimes(nginx.appUrl() + "/sheld", 8);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(2500);
            // the far end freezes for less than the RTP timeout (3 s): no video for 2.4 s
            baresip.pause();
            // a frame already on the wire when the far end stopped may still be assembled: count from after it
            Thread.sleep(300);
            long framesAtPause = gateway.find("cheld").orElseThrow().media().videoFrames();
            Thread.sleep(2100);
            CallSnapshot.MediaCounters paused = gateway.find("cheld").orElseThrow().media();
            baresip.resume();
            assertThat(paused.heldFrames()).as("held frames written during the pause").isGreaterThan(0);
            assertThat(paused.videoFrames()).as("no real frame came during the pause").isEqualTo(framesAtPause);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> gateway.find("cheld").orElseThrow().media().videoFrames() > framesAtPause + 10);

            List<Double> times = probe.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(times).as("video read from RTMP").hasSizeGreaterThan(30);
            double longestGap = 0;
            for (int i = 1; i < times.size(); i++) {
                assertThat(times.get(i)).as("decode times rise: %s", times).isGreaterThan(times.get(i - 1));
                longestGap = Math.max(longestGap, times.get(i) - times.get(i - 1));
            }
            // without the filler the 2.4 s pause would be one gap of about 2.4 s
            assertThat(longestGap).as("longest gap between video frames: %s", times).isLessThan(1.5);
            assertThat(times.getLast() - times.getFirst()).as("video spans the pause").isGreaterThan(5);
            assertThat(gateway.find("cheld").orElseThrow().status()).isEqualTo(CallStatus.ESTABLISHED);
            gateway.terminate("cheld");
        }
    }

    @Test
    void registrationIsRefreshedBeforeTheGrantedExpiry() throws Exception {
        sipp = new Sipp(Sipp.AfterAnswer.WAIT_FOR_BYE, 0, 0, "udp");
        // a gateway of its own: the refreshes must stop (unregister) when the test ends
        try (Sipp registrar = Sipp.shortExpiryRegistrar(2);
             SipGateway own = SipGateway.start(GatewaySettings.loopback(Duration.ofSeconds(3)), e -> { })) {
            SipAccount account = new SipAccount(Sipp.USER, Sipp.PASSWORD, Sipp.USER, "127.0.0.1", null, registrar.port(),
                    true, SipTransport.UDP);
            own.startCall(call("crefresh", "sip:service@127.0.0.1:" + sipp.port(), "srefresh", account));
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> registers(registrar) >= 1);
            long first = System.nanoTime();
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                    .until(() -> registers(registrar) >= 2);
            long refreshMillis = (System.nanoTime() - first) / 1_000_000;
            assertThat(refreshMillis).as("refresh after a 2 s grant").isLessThan(2000);
            assertThat(registrar.messages()).containsPattern("REGISTER sip:[\\s\\S]*CSeq: 2 REGISTER");
            own.terminate("crefresh");
        }
    }

    private static int registers(Sipp registrar) {
        return registrar.messages().split("REGISTER sip:", -1).length - 1;
    }

    @Test
    void reInviteIsAnsweredAndTheCallGoesOn() throws Exception {
        sipp = new Sipp(Sipp.AfterAnswer.REINVITE_THEN_WAIT_FOR_BYE, 0, 1000, "udp");
        gateway.startCall(call("creinv", sipp, "sreinv", Sipp.PASSWORD));
        awaitStatus("creinv", CallStatus.ESTABLISHED);
        await().atMost(Duration.ofSeconds(10)).until(() -> sipp.messages().contains("CSeq: 3 ACK"));
        assertThat(sipp.messages()).containsPattern("SIP/2.0 200 OK[\\s\\S]*CSeq: 3 INVITE[\\s\\S]*m=audio");
        long before = gateway.find("creinv").orElseThrow().media().aacFrames();
        await().atMost(Duration.ofSeconds(5)).until(() -> gateway.find("creinv").orElseThrow().media().aacFrames() > before + 5);
        assertThat(gateway.find("creinv").orElseThrow().status()).isEqualTo(CallStatus.ESTABLISHED);
        gateway.terminate("creinv");
        await().atMost(Duration.ofSeconds(5)).until(() -> sipp.messages().contains("BYE sip:"));
    }

    @Test
    void aBrokenRtmpConnectionIsRemadeWhileTheCallLasts() throws Exception {
        try (NginxRtmp own = new NginxRtmp()) {
            sipp = new Sipp(Sipp.AfterAnswer.WAIT_FOR_BYE, 0, 0, "udp");
            gateway.startCall(new CallRequest("crec", "service", own.appUrl(), "srec", false, false, null,
                    new SipAccount(Sipp.USER, Sipp.PASSWORD, Sipp.USER, "127.0.0.1", null, sipp.port(), false,
                            SipTransport.UDP)));
            await().atMost(Duration.ofSeconds(15)).until(() -> gateway.find("crec").orElseThrow().rtmpState() == RtmpState.PUBLISHING);
            own.restart(Duration.ofMillis(1500));
            await().atMost(Duration.ofSeconds(15)).until(() -> gateway.find("crec").orElseThrow().media().rtmpReconnects() >= 1
                    && gateway.find("crec").orElseThrow().rtmpState() == RtmpState.PUBLISHING);
            Ffprobe.LiveProbe probe = Ffprobe.live(own.appUrl() + "/srec", 2);
            assertThat(probe.codecs()).as(probe.output()).containsExactly("aac");
            assertThat(gateway.find("crec").orElseThrow().status()).isEqualTo(CallStatus.ESTABLISHED);
            gateway.terminate("crec");
        }
    }

    @Test
    void wrongPasswordFailsWith403() throws Exception {
        sipp = new Sipp(Sipp.AfterAnswer.WAIT_FOR_BYE, 0, 0, "udp");
        gateway.startCall(call("c403", sipp, "s403", "wrong"));
        CallSnapshot failed = awaitStatus("c403", CallStatus.FAILED);
        assertThat(failed.sipStatus()).isEqualTo(403);
        assertThat(failed.reason()).isEqualTo("Forbidden");
    }

    @Test
    void remoteByeFinishesTheCallAndEndsTheStream() throws Exception {
        sipp = new Sipp(Sipp.AfterAnswer.SEND_BYE, 0, 4000, "udp");
        gateway.startCall(call("cbye", sipp, "sbye", Sipp.PASSWORD));
        awaitStatus("cbye", CallStatus.ESTABLISHED);
        CallSnapshot done = awaitStatus("cbye", CallStatus.FINISHED);
        assertThat(done.reason()).isEqualTo("remote BYE");
        await().atMost(Duration.ofSeconds(5)).until(() -> gateway.find("cbye").orElseThrow().rtmpState() == RtmpState.CLOSED);
        Ffprobe.LiveProbe after = Ffprobe.live(nginx.appUrl() + "/sbye", 2);
        assertThat(after.audioPackets()).as(after.output()).isZero();
    }

    @Test
    void noRtpHangsUpAndFails() throws Exception {
        sipp = new Sipp(Sipp.AfterAnswer.SILENT_WAIT_FOR_BYE, 0, 0, "udp");
        gateway.startCall(call("cquiet", sipp, "squiet", Sipp.PASSWORD));
        awaitStatus("cquiet", CallStatus.ESTABLISHED);
        // no RTP: the stream goes on, made of silence, until the timeout
        assertThat(Ffprobe.meanVolume(nginx.appUrl() + "/squiet", 1)).isLessThan(-80.0);
        CallSnapshot failed = awaitStatus("cquiet", CallStatus.FAILED);
        assertThat(failed.reason()).isEqualTo("no RTP for 3 s");
    }
}
