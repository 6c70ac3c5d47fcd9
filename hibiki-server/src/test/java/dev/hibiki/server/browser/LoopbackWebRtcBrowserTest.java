package dev.hibiki.server.browser;

import dev.hibiki.server.testing.ServerFixture;
import dev.hibiki.server.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two RTCPeerConnections in one page, fake camera and microphone in, decoded frames out: proves that this
 * machine's Chromium, its flags and its fake devices carry real WebRTC media over loopback, for each video codec
 * the SFU has to forward. Independent of Hibiki's media plane; Hibiki only serves the (secure-context) page.
 */
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoopbackWebRtcBrowserTest {

    /** Sets up window.loopback = {state, stats} and returns once offer and answer are applied. */
    private static final String LOOPBACK_CALL = """
            const codec = '%s';
            const lb = window.loopback = { state: 'new', stats: {} };
            const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 360 } });
            const sender = new RTCPeerConnection();
            const receiver = new RTCPeerConnection();
            sender.onicecandidate = (e) => e.candidate && receiver.addIceCandidate(e.candidate);
            receiver.onicecandidate = (e) => e.candidate && sender.addIceCandidate(e.candidate);
            receiver.onconnectionstatechange = () => { lb.state = receiver.connectionState; };
            receiver.ontrack = (e) => {
              // Remote audio is only decoded while something plays it: a muted element is enough.
              if (document.getElementById('remote')) return;
              const v = Object.assign(document.createElement('video'), { id: 'remote', muted: true, autoplay: true, srcObject: e.streams[0] });
              document.body.append(v);
            };
            for (const track of stream.getTracks()) sender.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
            const video = sender.getTransceivers().find((t) => t.sender.track.kind === 'video');
            const codecs = RTCRtpSender.getCapabilities('video').codecs;
            const wanted = codecs.filter((c) => c.mimeType === 'video/' + codec);
            if (wanted.length === 0) throw new Error('this Chromium cannot send ' + codec);
            video.setCodecPreferences([...wanted, ...codecs.filter((c) => c.mimeType !== 'video/' + codec)]);
            await sender.setLocalDescription();
            await receiver.setRemoteDescription(sender.localDescription);
            await receiver.setLocalDescription();
            await sender.setRemoteDescription(receiver.localDescription);
            setInterval(async () => {
              const report = await receiver.getStats();
              for (const r of report.values()) {
                if (r.type !== 'inbound-rtp') continue;
                const codecEntry = report.get(r.codecId);
                lb.stats[r.kind] = { ...r, codec: codecEntry && codecEntry.mimeType };
              }
            }, 200);
            """;

    /** Generous: only a failing test waits this long, and the machine may be busy. */
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dataDir;

    @RegisterExtension
    final ChromiumExtension chromium = new ChromiumExtension();

    private ServerFixture fixture;

    @BeforeAll
    void startServer() {
        fixture = new ServerFixture(dataDir, TestDatabases.h2(dataDir));
    }

    @AfterAll
    void stopServer() {
        if (fixture != null) fixture.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"VP8", "VP9", "H264", "AV1"})
    void fakeCameraReachesTheOtherPeerConnection(String codec) {
        HeadlessChromium browser = chromium.launch("loopback");
        browser.open(fixture.baseUri().resolve("/demo/index.html"));

        browser.evalAsync(LOOPBACK_CALL.formatted(codec));
        browser.waitFor("window.loopback.state === 'connected'", WAIT);
        browser.waitFor("window.loopback.stats.video && window.loopback.stats.video.framesDecoded > 10", WAIT);
        browser.waitFor("window.loopback.stats.audio && window.loopback.stats.audio.totalSamplesReceived > 0", WAIT);
        assertThat(browser.json("window.loopback.stats.video.codec").asText()).isEqualTo("video/" + codec);
        assertThat(browser.consoleErrors()).isEmpty();
    }
}
