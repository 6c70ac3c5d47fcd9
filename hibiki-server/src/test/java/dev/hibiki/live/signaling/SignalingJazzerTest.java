package dev.hibiki.live.signaling;

import dev.hibiki.server.testing.Schema;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hibiki.ice.IceSettings;
import dev.hibiki.live.channel.ChannelKind;
import dev.hibiki.live.channel.ChannelService;
import dev.hibiki.live.channel.ChannelSpec;
import dev.hibiki.platform.persistence.Database;
import dev.hibiki.server.testing.TestDatabases;
import dev.hibiki.platform.token.TokenService;
import dev.hibiki.live.webhook.AuthWebhook;
import dev.hibiki.platform.webhook.EventWebhookSender;
import dev.hibiki.platform.webhook.WebhookSettings;
import dev.hibiki.sfu.Sfu;
import dev.hibiki.sfu.SfuConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Coverage-guided fuzzing (Jazzer, docs/FUZZING.md) of the signaling messages a client sends, without a server: a
 * {@link SignalingSession} over a recording socket, with a real SFU on loopback and channels in an H2 database.
 * The input is a WebSocket conversation, UTF-8 text frames separated by U+001E (at most {@value #MAX_FRAMES});
 * {@code @multistream} and {@code @single} in a frame stand for the ids of a multistream and a single-stream
 * channel, so a {@code connect} can join and the answers that follow reach the SFU. Whatever arrives, the session
 * refuses it cleanly ({@link SignalingException}: close 4490, or 1000 for a disconnect) or carries on; a close with
 * INTERNAL-ERROR means some other exception escaped. After the socket closes, the session has left its channel in
 * signaling and in the SFU. Without {@code JAZZER_FUZZ} only the committed inputs under
 * {@code SignalingJazzerTestInputs} run.
 */
class SignalingJazzerTest {
    private static final int MAX_FRAMES = 8;
    private static final Set<Integer> CLEAN_CLOSE_CODES = Set.of(1000, SignalingException.REFUSED);

    @TempDir
    static Path dataDir;
    private static Database database;
    private static Sfu sfu;
    private static SignalingContext context;
    private static String multistreamChannel;
    private static String singleStreamChannel;

    @BeforeAll
    static void start() throws Exception {
        database = Database.open(TestDatabases.h2(dataDir), dataDir, Schema.ALL);
        sfu = Sfu.start(new SfuConfig(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                List.of(InetAddress.getLoopbackAddress()), IceSettings.DEFAULT, 2500, 1));
        String owner = new TokenService(database.jdbi()).create("fuzz").token().id();
        ChannelService channels = new ChannelService(database.jdbi());
        multistreamChannel = channels.create(owner, spec(ChannelKind.MULTISTREAM)).id();
        singleStreamChannel = channels.create(owner, spec(ChannelKind.SINGLE_STREAM_HLS)).id();
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        SignalingHooks hooks = new SignalingHooks(new AuthWebhook(WebhookSettings.DEFAULT, metrics),
                new EventWebhookSender(WebhookSettings.DEFAULT, metrics), null, "hibiki");
        context = new SignalingContext(channels, new LiveChannels(), sfu, "fuzz", hooks,
                new AtomicLong(Duration.ofMinutes(1).toNanos()), new AtomicLong(Duration.ofSeconds(10).toNanos()),
                new ConnectGates(), new java.util.concurrent.atomic.AtomicReference<>(IceServers.NONE),
                new java.util.concurrent.atomic.AtomicReference<>(DataChannelPlan.Defaults.OFF), new DataChannelCounters());
    }

    private static ChannelSpec spec(ChannelKind kind) {
        return new ChannelSpec(kind, List.of(), null, null, null, null);
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.hooks().auth().close();
            context.hooks().events().close();
        }
        if (sfu != null) {
            sfu.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @FuzzTest(maxDuration = "10m")
    void conversation(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8)
                .replace("@multistream", multistreamChannel)
                .replace("@single", singleStreamChannel);
        RecordingSocket socket = new RecordingSocket();
        SignalingSession session = new SignalingSession(socket, context);
        String[] frames = text.split("\u001e", MAX_FRAMES + 1);
        for (int i = 0; i < Math.min(frames.length, MAX_FRAMES) && socket.closeReason == null; i++) {
            session.onText(frames[i]);
        }
        if (socket.closeReason != null) {
            assertThat(socket.closeReason).as("refused without an unexpected exception").isNotEqualTo("INTERNAL-ERROR");
            assertThat(CLEAN_CLOSE_CODES).contains(socket.closeCode);
        }
        session.onSocketClosed();
        assertThat(context.liveChannels().channelCount()).as("no session is left in a channel").isZero();
        assertThat(sfu.connectionCount()).as("no connection is left in the SFU").isZero();
    }

    /** The WebSocket: what the session sent, and how it closed. */
    private static final class RecordingSocket implements SignalingSocket {
        final List<String> sent = new ArrayList<>();
        int closeCode;
        String closeReason;

        @Override
        public void send(String text) {
            sent.add(text);
        }

        @Override
        public void close(int code, String reason) {
            closeCode = code;
            closeReason = reason;
        }
    }
}
