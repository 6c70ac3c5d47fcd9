package dev.hibiki.live.signaling;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hibiki.platform.config.DatabaseSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.hibiki.live.signaling.SignalingMessages.connect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed input never hurts the server: hundreds of random and mangled text frames, each on a fresh WebSocket,
 * each end in a 4490 refusal (or, for a mangled connect that is still valid, an offer); the server logs no error
 * and keeps serving the API and new connections. Subclasses choose the database behind the channel lookup.
 * The seed is printed with every failure.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SignalingFuzzContract {

    /** Fixed so CI runs are reproducible; {@code -Dhibiki.fuzz.seed=N} replays a run, {@code =random} explores. */
    private static final long SEED = seed(System.getProperty("hibiki.fuzz.seed", "20261123"));
    private static final String[] TYPES = {"connect", "answer", "re-answer", "update", "candidate", "pong", "disconnect",
            "ping", "offer", "notify", "push", "re-offer", "switched", "redirect", "stats", "", "CONNECT", "connect\u0000"};
    private static final String[] ROLES = {"sendonly", "recvonly", "sendrecv", "upstream", "downstream", "", "SENDONLY",
            "publisher", "sendonly\u0000"};
    private static final String[] KEYS = {"type", "role", "channel_id", "sdp", "audio", "video", "metadata", "client_id",
            "bundle_id", "multistream", "simulcast", "spotlight", "bit_rate", "codec_type", "candidate", "sdpMid",
            "sdpMLineIndex", "reason", "stats", "signaling_notify_metadata", "data_channels", "redirect", "sora_client"};
    private static final String[] TOKENS = {"{", "}", "[", "]", ":", ",", "\"", "\"type\"", "\"connect\"", "\"role\"",
            "\"sendonly\"", "\"channel_id\"", "null", "true", "false", "0", "-1", "1e999", "-0.0", "\\u0000", "\\ud800",
            "\"\\", " ", "\n", "\u3042", "\uD83D\uDE00", "NaN", "Infinity", "\"audio\"", "\"video\"", "{\"codec_type\":"};

    @TempDir
    static Path dataDir;
    private LiveServer server;
    private String multistreamChannel;
    private String singleStreamChannel;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    /** The database this run uses; called once per test class. */
    abstract DatabaseSettings database(Path dataDir);

    @BeforeAll
    void start() {
        server = LiveServer.start(dataDir, database(dataDir));
        multistreamChannel = server.createMultistreamChannel();
        singleStreamChannel = server.createSingleStreamChannel();
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) server.close();
    }

    @BeforeEach
    void captureErrors() {
        log.list.clear();
        log.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(log);
    }

    @AfterEach
    void stopCapturing() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(log);
        log.stop();
    }

    private List<String> errorsLogged() {
        List<String> out = new ArrayList<>();
        synchronized (log) {
            for (ILoggingEvent e : List.copyOf(log.list)) {
                if (e.getLevel().isGreaterOrEqual(Level.ERROR)) out.add(e.getLoggerName() + ": " + e.getFormattedMessage());
            }
        }
        return out;
    }

    private static long seed(String value) {
        return value.equals("random") ? System.nanoTime() : Long.parseLong(value);
    }

    // ---------------------------------------------------------------- generators

    private String garbage(Random r) {
        int kind = r.nextInt(20);
        if (kind < 2) return randomText(r, r.nextInt(300));
        if (kind < 4) return randomTokens(r);
        if (kind < 7) return mangle(r, validConnect(r).toString());
        if (kind < 14) return randomConnect(r).toString();
        if (kind < 17) return randomJson(r, 0).toString();
        return special(r);
    }

    private static String randomText(Random r, int length) {
        StringBuilder sb = new StringBuilder(length);
        while (sb.length() < length) {
            int cp = switch (r.nextInt(4)) {
                case 0 -> r.nextInt(0x20);                 // control characters, NUL included
                case 1 -> 0x20 + r.nextInt(0x5f);          // printable ASCII
                case 2 -> 0x3040 + r.nextInt(0x60);        // hiragana
                default -> 0x1F600 + r.nextInt(0x50);      // emoji (surrogate pairs in UTF-16)
            };
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    private static String randomTokens(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = 1 + r.nextInt(40);
        for (int i = 0; i < n; i++) sb.append(TOKENS[r.nextInt(TOKENS.length)]);
        return sb.toString();
    }

    private ObjectNode validConnect(Random r) {
        String role = ROLES[r.nextInt(5)];
        String channel = r.nextBoolean() ? multistreamChannel : singleStreamChannel;
        ObjectNode m = connect(role, channel);
        if (r.nextBoolean()) m.remove("sdp");
        return m;
    }

    /** Deletes, duplicates, swaps or replaces a few characters of a valid message. */
    private static String mangle(Random r, String text) {
        StringBuilder sb = new StringBuilder(text);
        int edits = 1 + r.nextInt(5);
        for (int i = 0; i < edits && sb.length() > 0; i++) {
            int at = r.nextInt(sb.length());
            switch (r.nextInt(4)) {
                case 0 -> sb.deleteCharAt(at);
                case 1 -> sb.insert(at, TOKENS[r.nextInt(TOKENS.length)]);
                case 2 -> sb.setCharAt(at, (char) (0x20 + r.nextInt(0x5f)));
                default -> sb.setLength(at);
            }
        }
        return sb.toString();
    }

    /** Well-formed JSON with the connect keys, each with a random value of a random JSON type. */
    private ObjectNode randomConnect(Random r) {
        ObjectNode m = validConnect(r);
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            String key = KEYS[r.nextInt(KEYS.length)];
            if (r.nextInt(4) == 0) m.remove(key);
            else m.set(key, randomValue(r, 0));
        }
        return m;
    }

    private JsonNode randomValue(Random r, int depth) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (r.nextInt(depth > 3 ? 9 : 11)) {
            case 0 -> f.nullNode();
            case 1 -> f.booleanNode(r.nextBoolean());
            case 2 -> f.numberNode(r.nextInt());
            case 3 -> f.numberNode(new BigInteger(100, r).negate().add(BigInteger.valueOf(r.nextInt(3000))));
            case 4 -> f.numberNode(r.nextDouble() * 1e6 - 5e5);
            case 5 -> f.textNode(TYPES[r.nextInt(TYPES.length)]);
            case 6 -> f.textNode(ROLES[r.nextInt(ROLES.length)]);
            case 7 -> f.textNode(randomText(r, r.nextInt(r.nextInt(10) == 0 ? 400 : 30)));
            case 8 -> f.textNode(r.nextBoolean() ? "VP9" : r.nextBoolean() ? "H265" : "OPUS");
            case 9 -> {
                ArrayNode a = f.arrayNode();
                for (int i = r.nextInt(4); i > 0; i--) a.add(randomValue(r, depth + 1));
                yield a;
            }
            default -> {
                ObjectNode o = f.objectNode();
                for (int i = r.nextInt(4); i > 0; i--) o.set(KEYS[r.nextInt(KEYS.length)], randomValue(r, depth + 1));
                yield o;
            }
        };
    }

    private JsonNode randomJson(Random r, int depth) {
        JsonNode v = randomValue(r, depth);
        if (v.isObject() && r.nextBoolean()) ((ObjectNode) v).put("type", TYPES[r.nextInt(TYPES.length)]);
        return v;
    }

    private String special(Random r) {
        return switch (r.nextInt(10)) {
            case 0 -> "[".repeat(5000) + "]".repeat(5000);
            case 1 -> "{\"a\":".repeat(3000) + "1" + "}".repeat(3000);
            case 2 -> "{\"type\":\"connect\",\"role\":\"sendonly\",\"channel_id\":\"" + multistreamChannel
                    + "\",\"video\":{\"bit_rate\":" + "9".repeat(2000) + "}}";
            case 3 -> "{\"type\":\"connect\",\"role\":\"sendonly\",\"channel_id\":\"" + "x".repeat(30_000) + "\"}";
            case 4 -> "{\"type\":\"" + "t".repeat(10_000) + "\"}";
            case 5 -> "{\"type\":\"connect\",\"role\":\"sendonly\",\"channel_id\":\"a\\u0000b\"}";
            case 6 -> "{\"type\":\"connect\",\"role\":\"sendonly\",\"channel_id\":\"\\ud800\\udfff\\udc00\"}";
            case 7 -> "{\"type\":\"connect\",\"type\":\"answer\",\"role\":\"sendonly\",\"channel_id\":\"" + multistreamChannel + "\"}";
            case 8 -> "\uFEFF" + validConnect(r);
            default -> "{\"type\":\"connect\"} {\"type\":\"connect\"}";
        };
    }

    // ---------------------------------------------------------------- running

    /** What happened to one frame on a fresh connection; null when acceptable, else a description. */
    private String sendOnFreshConnection(String frame, Map<String, Integer> outcomes) {
        try (SignalingClient c = server.client()) {
            if (!c.trySend(frame)) return "could not send";
            JsonNode first = c.nextOrNullOnClose(Duration.ofSeconds(15));
            if (first != null) {
                if (!"offer".equals(first.path("type").asText())) return "answered with " + first;
                outcomes.merge("offer", 1, Integer::sum); // a mangled connect that is still valid
                return null;
            }
            SignalingClient.Closed closed = c.awaitClose(Duration.ofSeconds(1));
            if (closed.code() != 4490) return "closed with " + closed;
            if (closed.reason() == null || closed.reason().isBlank()) return "closed without a reason";
            if (closed.reason().startsWith("INTERNAL-ERROR")) return "internal error";
            outcomes.merge(closed.reason().replaceFirst(":.*", ""), 1, Integer::sum);
            return null;
        } catch (AssertionError | RuntimeException e) {
            return e.toString();
        }
    }

    @Test
    void fiveHundredGarbageFramesOnFreshConnections() throws Exception {
        Random seeds = new Random(SEED);
        List<String> frames = new ArrayList<>();
        for (int i = 0; i < 500; i++) frames.add(garbage(new Random(seeds.nextLong())));

        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        Map<String, Integer> outcomes = new ConcurrentSkipListMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String frame : frames) {
                done.add(pool.submit(() -> {
                    String problem = sendOnFreshConnection(frame, outcomes);
                    if (problem != null) failures.add(problem + " <- " + abbreviate(frame));
                }));
            }
            for (Future<?> f : done) f.get(2, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }

        System.out.println("signaling fuzz, seed " + SEED + ": " + outcomes);
        assertThat(failures).as("seed %d (rerun with -Dhibiki.fuzz.seed=%d)", SEED, SEED).isEmpty();
        assertThat(errorsLogged()).as("seed %d: errors the server logged", SEED).isEmpty();
        assertThat(outcomes.keySet()).as("the frames reach many different checks").hasSizeGreaterThanOrEqualTo(8);
        assertThat(server.listChannelIds()).contains(multistreamChannel, singleStreamChannel);
        try (SignalingClient c = server.client()) {
            c.send(connect("recvonly", multistreamChannel));
            c.offer();
        }
    }

    @Test
    void garbageAfterTheOfferIsIgnoredOrRefused() {
        Random seeds = new Random(SEED ^ 0x5eed);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            Random r = new Random(seeds.nextLong());
            String frame = r.nextBoolean() ? garbage(r) : randomJsonWithType(r);
            try (SignalingClient c = server.client()) {
                c.send(connect(r.nextBoolean() ? "sendrecv" : "recvonly", multistreamChannel));
                c.offer();
                c.trySend(frame);
                // the server handles a connection's messages in order: a frame it ignored is followed by this close
                c.trySend("{\"type\":\"disconnect\",\"reason\":\"NO-ERROR\"}");
                SignalingClient.Closed closed = c.awaitClose();
                boolean ok = closed.equals(new SignalingClient.Closed(1000, "TYPE-DISCONNECT"))
                        || closed.code() == 4490 && !closed.reason().isBlank() && !closed.reason().startsWith("INTERNAL-ERROR");
                if (!ok) failures.add(closed + " <- " + abbreviate(frame));
                if (c.received().stream().anyMatch(m -> m.contains("\"candidate\""))) failures.add("sent a candidate");
            } catch (AssertionError | RuntimeException e) {
                failures.add(e + " <- " + abbreviate(frame));
            }
        }
        assertThat(failures).as("seed %d", SEED).isEmpty();
        assertThat(errorsLogged()).as("seed %d: errors the server logged", SEED).isEmpty();
        assertThat(server.listChannelIds()).contains(multistreamChannel);
    }

    private String randomJsonWithType(Random r) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("type", TYPES[r.nextInt(TYPES.length)]);
        for (int i = r.nextInt(4); i > 0; i--) o.set(KEYS[r.nextInt(KEYS.length)], randomValue(r, 1));
        return o.toString();
    }

    @Test
    void oversizedFrameClosesOnlyThatConnection() {
        try (SignalingClient big = server.client(); SignalingClient bystander = server.client()) {
            bystander.send(connect("recvonly", multistreamChannel));
            bystander.offer();
            big.trySend("{\"type\":\"connect\",\"sdp\":\"" + "a".repeat(2_000_000) + "\"}");
            SignalingClient.Closed closed = big.awaitCloseOrFailure(Duration.ofSeconds(20));
            if (closed != null) assertThat(closed.code()).as("%s", closed).isIn(1009, 4490);
            assertThat(big.received()).as("no offer for an oversized connect").noneMatch(m -> m.contains("\"offer\""));
            bystander.assertStaysOpen(Duration.ofMillis(300));
        }
        assertThat(server.listChannelIds()).contains(multistreamChannel);
    }

    @Test
    void abruptlyDroppedSocketsAreForgotten() {
        for (int i = 0; i < 30; i++) {
            SignalingClient c = server.client();
            c.send(connect(i % 2 == 0 ? "sendonly" : "recvonly", multistreamChannel));
            c.offer();
            if (i % 3 == 0) c.close();
            else c.abort();
        }
        try (SignalingClient c = server.client()) {
            c.send(connect("sendonly", multistreamChannel));
            c.offer();
        }
        assertThat(errorsLogged()).isEmpty();
    }

    private static String abbreviate(String s) {
        String oneLine = s.replaceAll("\\p{Cntrl}", "?");
        return oneLine.length() <= 160 ? oneLine : oneLine.substring(0, 160) + "… (" + s.length() + " chars)";
    }
}
