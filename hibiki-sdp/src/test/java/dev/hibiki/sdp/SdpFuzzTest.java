package dev.hibiki.sdp;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Random and mutated input: parsing either succeeds or throws {@link SdpParseException}; what parses round-trips, every
 * typed accessor works on it, and reading it as an answer throws nothing but {@link SdpNegotiationException}.
 */
class SdpFuzzTest {

    private static final List<String> SAMPLES = List.of("chrome-connect-offer.sdp", "chrome-simulcast-offer.sdp",
            "chrome-publisher-answer.sdp", "chrome-viewer-answer.sdp", "chrome-simulcast-answer.sdp",
            "firefox-publisher-answer.sdp", "hibiki-publisher-offer.sdp", "hibiki-viewer-offer.sdp");

    private static final String[] FRAGMENTS = {"a=", "m=", "v=0", "o=", "s=", "t=", "c=", "b=", "a=rtpmap:", "a=fmtp:",
            "a=rtcp-fb:", "a=extmap:", "a=ssrc:", "a=ssrc-group:FID", "a=msid:", "a=rid:", "a=simulcast:", "a=group:BUNDLE",
            "a=setup:", "a=fingerprint:", "a=mid:", "a=ice-ufrag:", "a=candidate:", "a=sctp-port:", ":", "/", ";", ",", "~",
            "=", " ", "\t", "\r", "\n", "\r\n", "\0", "*", "-", "0", "9", "127", "128", "65536", "4294967296",
            "99999999999999999999", "send", "recv", "sendonly", "rtx/90000", "apt=", "pt=", "IN IP4", "\u3042", "\uD83D"};

    private final Random random = new Random(0x5D95D9L);
    private final SessionDescription publisherOffer = Samples.publisher(CodecCatalog.video()).build();
    private final SessionDescription viewerOffer = Samples.viewer().build();
    private int parsed;

    @Test
    void randomText() {
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            if (random.nextBoolean()) sb.append("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\n");
            int parts = random.nextInt(40);
            for (int p = 0; p < parts; p++) {
                if (random.nextInt(3) == 0) sb.append((char) random.nextInt(0x80));
                else sb.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
            }
            check(sb.toString());
        }
    }

    @Test
    void randomBytesAsText() {
        for (int i = 0; i < 5_000; i++) {
            byte[] bytes = new byte[random.nextInt(300)];
            random.nextBytes(bytes);
            check(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1));
            check(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void truncatedSamples() {
        for (String name : SAMPLES) {
            String text = Samples.resource(name);
            // Every line boundary, both halves of each CRLF, and a few cuts inside each line.
            for (int n = 0; n <= text.length(); n++) {
                boolean boundary = n == text.length() || text.charAt(n) == '\r' || text.charAt(n) == '\n';
                if (boundary || random.nextInt(16) == 0) check(text.substring(0, n));
            }
        }
        assertThat(parsed).as("prefixes ending on a line boundary parse").isGreaterThan(100);
    }

    @Test
    void mutatedSamples() {
        for (String name : SAMPLES) {
            String text = Samples.resource(name);
            for (int i = 0; i < 600; i++) check(mutate(text, 1 + random.nextInt(3)));
        }
    }

    @Test
    void randomModelsRoundTrip() throws Exception {
        for (int i = 0; i < 2_000; i++) {
            SessionDescription.Builder sd = SessionDescription.builder(new Origin(field(), digits(), digits(), field(), field(), field()))
                    .sessionName(text());
            List<Timing> timings = new ArrayList<>();
            for (int t = random.nextInt(3); t > 0; t--) timings.add(new Timing(bigLong(), bigLong()));
            sd.timings(timings);
            if (random.nextBoolean()) sd.connection(new Connection(field(), field(), field()));
            for (int b = random.nextInt(3); b > 0; b--) sd.bandwidth(new Bandwidth("X" + random.nextInt(9), bigLong()));
            for (int l = random.nextInt(4); l > 0; l--) sd.otherLine(new SdpLine("iueprzk".charAt(random.nextInt(7)), text()));
            addAttributes(sd::attribute);
            for (int m = random.nextInt(4); m > 0; m--) {
                MediaDescription.Builder media = MediaDescription.builder(field().replaceAll("[^A-Za-z0-9]", "x"),
                        random.nextInt(65536), field());
                if (random.nextBoolean()) media.portCount(1 + random.nextInt(65535));
                for (int f = 1 + random.nextInt(4); f > 0; f--) media.format(field());
                if (random.nextBoolean()) media.connection(new Connection(field(), field(), field()));
                for (int b = random.nextInt(3); b > 0; b--) media.bandwidth(new Bandwidth("AS", bigLong()));
                for (int l = random.nextInt(3); l > 0; l--) media.otherLine(new SdpLine(random.nextBoolean() ? 'i' : 'k', text()));
                addAttributes(media::attribute);
                sd.media(media.build());
            }
            SessionDescription x = sd.build();
            assertThat(SessionDescription.parse(x.toSdp())).isEqualTo(x);
            assertThat(x.toSdp()).isEqualTo(SessionDescription.parse(x.toSdp()).toSdp());
        }
    }

    private void addAttributes(java.util.function.Consumer<Attribute> sink) {
        for (int a = random.nextInt(8); a > 0; a--) {
            switch (random.nextInt(6)) {
                case 0 -> sink.accept(Attribute.flag("x-" + field().replaceAll("[^A-Za-z0-9]", "")));
                case 1 -> sink.accept(new Attribute("rtpmap", random.nextInt(128) + " E" + field().replace("/", "") + "/" + (1 + random.nextInt(90000))));
                case 2 -> sink.accept(new Attribute("ssrc", (random.nextLong() & 0xFFFF_FFFFL) + " cname:" + text()));
                case 3 -> sink.accept(new Attribute("msid-semantic", " WMS " + text()));
                case 4 -> sink.accept(new Attribute("fmtp", random.nextInt(128) + " " + text()));
                default -> sink.accept(new Attribute("x-" + random.nextInt(99), text()));
            }
        }
    }

    /** Any SDP text: spaces, colons, '=' and non-ASCII included, no CR, LF or NUL. */
    private String text() {
        StringBuilder sb = new StringBuilder();
        for (int n = random.nextInt(12); n > 0; n--) {
            int kind = random.nextInt(10);
            sb.append(kind == 0 ? ' ' : kind == 1 ? ':' : kind == 2 ? '\u3042' : (char) (0x21 + random.nextInt(0x5E)));
        }
        return sb.toString();
    }

    private String field() {
        String t = text().replace(" ", "");
        return t.isEmpty() ? "f" : t;
    }

    private String digits() {
        return random.nextBoolean() ? Long.toString(random.nextLong() & Long.MAX_VALUE) : "0" + "9".repeat(random.nextInt(30));
    }

    private long bigLong() {
        return random.nextBoolean() ? random.nextInt(100) : random.nextLong() & Long.MAX_VALUE;
    }

    private String mutate(String text, int times) {
        String s = text;
        for (int t = 0; t < times; t++) {
            List<String> lines = new ArrayList<>(Arrays.asList(s.split("\r\n", -1)));
            int at = random.nextInt(lines.size());
            switch (random.nextInt(8)) {
                case 0 -> lines.remove(at);
                case 1 -> lines.add(at, lines.get(random.nextInt(lines.size())));
                case 2 -> {
                    int other = random.nextInt(lines.size());
                    String tmp = lines.get(at);
                    lines.set(at, lines.get(other));
                    lines.set(other, tmp);
                }
                case 3 -> lines.set(at, replaceChar(lines.get(at)));
                case 4 -> lines.set(at, insertAt(lines.get(at), FRAGMENTS[random.nextInt(FRAGMENTS.length)]));
                case 5 -> lines.set(at, truncate(lines.get(at)));
                case 6 -> lines.set(at, lines.get(at).replaceAll("[0-9]+", FRAGMENTS[40 + random.nextInt(7)]));
                default -> lines.add(at, FRAGMENTS[random.nextInt(24)] + FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
            }
            s = String.join(random.nextInt(10) == 0 ? "\n" : "\r\n", lines);
        }
        return s;
    }

    private String replaceChar(String line) {
        if (line.isEmpty()) return line;
        int i = random.nextInt(line.length());
        return line.substring(0, i) + (char) random.nextInt(0x80) + line.substring(i + 1);
    }

    private String insertAt(String line, String fragment) {
        int i = random.nextInt(line.length() + 1);
        return line.substring(0, i) + fragment + line.substring(i);
    }

    private String truncate(String line) {
        return line.substring(0, random.nextInt(line.length() + 1));
    }

    private void check(String text) {
        SessionDescription sd;
        try {
            sd = SessionDescription.parse(text);
        } catch (SdpParseException expected) {
            assertThat(expected.getMessage()).isNotBlank();
            return;
        } catch (RuntimeException e) {
            throw new AssertionError("parser threw " + e + " for:\n" + text, e);
        }
        parsed++;
        try {
            assertThat(SessionDescription.parse(sd.toSdp())).isEqualTo(sd);
            exercise(sd);
        } catch (SdpParseException e) {
            fail("written form did not parse: " + e.getMessage() + "\n" + sd.toSdp());
        } catch (RuntimeException e) {
            throw new AssertionError("accessor threw " + e + " for:\n" + text, e);
        }
        for (SessionDescription offer : List.of(publisherOffer, viewerOffer)) {
            try {
                AnswerSummary summary = AnswerSummary.of(offer, sd);
                for (MediaAnswer m : summary.media()) {
                    m.chosenCodec();
                    m.sendRids();
                    for (int pt : m.payloadTypes()) m.rtxPayloadType(pt);
                }
            } catch (SdpNegotiationException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            } catch (RuntimeException e) {
                throw new AssertionError("answer summary threw " + e + " for:\n" + text, e);
            }
        }
    }

    /** Calls every typed accessor of {@code sd} and its media sections; shared with {@link SdpJazzerTest}. */
    static void exercise(SessionDescription sd) {
        sd.groups();
        sd.bundleMids();
        sd.msidSemantic();
        sd.mids();
        exerciseCommon(sd);
        for (MediaDescription m : sd.media()) {
            exerciseCommon(m);
            m.mid();
            m.direction();
            m.isRejected();
            for (int pt : m.payloadTypes()) {
                m.rtpMap(pt);
                m.fmtpParameters(pt);
                m.rtcpFeedback(pt);
                m.rtxPayloadType(pt);
            }
            for (Fmtp f : m.fmtps()) f.parameterMap();
            m.rtcpFeedbacks();
            m.msids();
            m.ssrcs();
            m.ssrcGroups();
            for (Rid r : m.rids()) {
                r.payloadTypes();
                r.restrictionMap();
            }
            m.simulcast().ifPresent(s -> {
                s.sendLayers();
                s.receiveLayers();
            });
            m.sctpPort();
            m.maxMessageSize();
            m.rtcpMux();
        }
    }

    private static void exerciseCommon(AttributeHolder h) {
        h.iceUfrag();
        h.icePwd();
        h.iceOptions();
        h.iceLite();
        h.fingerprints();
        h.setup();
        h.directionAttribute();
        h.extMaps();
        h.candidates();
    }
}
