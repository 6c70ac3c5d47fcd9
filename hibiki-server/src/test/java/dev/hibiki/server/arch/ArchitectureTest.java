package dev.hibiki.server.arch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the dependency direction of docs/ARCHITECTURE.md, on imports and on fully qualified names in code: protocol
 * modules know nothing of the SFU, the platform or the products; the platform knows no product; a product never
 * refers to another product; only hibiki-server wires them. Inside a module, the domain knows nothing of HTTP.
 */
class ArchitectureTest {

    private static final Path ROOT = Path.of("..");
    /** Top-level package under dev.hibiki → its module's directory. */
    private static final Map<String, String> MODULE_OF_PACKAGE = Map.ofEntries(
            Map.entry("net", "hibiki-net"), Map.entry("rtp", "hibiki-rtp"), Map.entry("ice", "hibiki-ice"),
            Map.entry("dtls", "hibiki-dtls"), Map.entry("srtp", "hibiki-srtp"), Map.entry("sdp", "hibiki-sdp"),
            Map.entry("ffmpeg", "hibiki-ffmpeg"), Map.entry("hls", "hibiki-hls"), Map.entry("sip", "hibiki-sip"),
            Map.entry("sfu", "hibiki-sfu"), Map.entry("platform", "hibiki-platform"), Map.entry("live", "hibiki-live"),
            Map.entry("sipgateway", "hibiki-sip-gateway"), Map.entry("server", "hibiki-server"),
            Map.entry("storage", "hibiki-storage"), Map.entry("archive", "hibiki-archive"),
            Map.entry("ricoh", "hibiki-ricoh"), Map.entry("soramode", "hibiki-sora-mode"),
            Map.entry("option", "hibiki-option"), Map.entry("turn", "hibiki-turn"), Map.entry("sctp", "hibiki-sctp"));
    private static final Set<String> PROTOCOLS = Set.of("hibiki-net", "hibiki-rtp", "hibiki-ice", "hibiki-dtls",
            "hibiki-srtp", "hibiki-sdp", "hibiki-ffmpeg", "hibiki-hls", "hibiki-sip", "hibiki-ice-ffm", "hibiki-storage",
            "hibiki-turn", "hibiki-sctp");
    /** Channels: the products that need them build on it, so it is not one of {@link #PRODUCTS}. */
    private static final String LIVE = "hibiki-live";
    private static final Set<String> PRODUCTS = Set.of("hibiki-sip-gateway", "hibiki-archive", "hibiki-ricoh",
            "hibiki-sora-mode", "hibiki-option");
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.hibiki\\.([a-z0-9]+)\\b");

    @Test
    void protocolModulesReferToNoDomainModule() {
        for (String module : existing(PROTOCOLS)) {
            assertThat(referencedModules(module))
                    .as("modules %s refers to", module)
                    .doesNotContain("hibiki-sfu", "hibiki-platform", "hibiki-server", LIVE)
                    .doesNotContainAnyElementsOf(PRODUCTS);
        }
    }

    @Test
    void theTurnServerBuildsOnlyOnStunAndTheNetworkRules() {
        assertThat(referencedModules("hibiki-turn")).isSubsetOf("hibiki-turn", "hibiki-ice", "hibiki-net");
    }

    @Test
    void theSfuKnowsNoPlatformProductOrServer() {
        assertThat(referencedModules("hibiki-sfu"))
                .doesNotContain("hibiki-platform", "hibiki-server", LIVE).doesNotContainAnyElementsOf(PRODUCTS);
    }

    @Test
    void thePlatformKnowsNoProductAndNoMediaModule() {
        assertThat(referencedModules("hibiki-platform")).isSubsetOf("hibiki-platform", "hibiki-net");
    }

    @Test
    void liveChannelsKnowNoProductBuiltOnThem() {
        assertThat(referencedModules(LIVE)).doesNotContain("hibiki-server").doesNotContainAnyElementsOf(PRODUCTS);
    }

    @Test
    void aProductNeverRefersToAnotherProductOrTheServer() {
        for (String product : PRODUCTS) {
            Set<String> others = new TreeSet<>(PRODUCTS);
            others.remove(product);
            assertThat(referencedModules(product)).as("modules %s refers to", product)
                    .doesNotContain("hibiki-server").doesNotContainAnyElementsOf(others);
        }
    }

    @Test
    void theScannerSeesImportsAndFullyQualifiedNamesButNotComments() {
        String source = """
                package dev.hibiki.live.x;
                import dev.hibiki.sipgateway.SipService;
                // dev.hibiki.server is only named in this comment
                /* nor dev.hibiki.sfu here */
                class X { Object y = new dev.hibiki.platform.http.PublicUrls(); }
                """;
        assertThat(referencedPackages(source)).containsExactlyInAnyOrder("live", "sipgateway", "platform");
    }

    @ParameterizedTest(name = "{0} does not refer to {1}")
    @CsvSource({
            "hibiki-live/src/main/java/dev/hibiki/live/channel,io.javalin",
            "hibiki-live/src/main/java/dev/hibiki/live/channel,dev.hibiki.platform.http",
            "hibiki-live/src/main/java/dev/hibiki/live/channel,com.fasterxml.jackson",
            "hibiki-live/src/main/java/dev/hibiki/live/signaling,dev.hibiki.platform.http",
            "hibiki-live/src/main/java/dev/hibiki/live/signaling,dev.hibiki.live.sora",
            "hibiki-live/src/main/java/dev/hibiki/live/hls,dev.hibiki.platform.http",
            "hibiki-live/src/main/java/dev/hibiki/live/hls,dev.hibiki.live.imageflux",
            "hibiki-live/src/main/java/dev/hibiki/live/hls,dev.hibiki.live.signaling",
            "hibiki-live/src/main/java/dev/hibiki/live/hls,com.fasterxml.jackson",
            "hibiki-live/src/main/java/dev/hibiki/live/webhook,io.javalin",
            "hibiki-live/src/main/java/dev/hibiki/live/webhook,dev.hibiki.live.signaling",
            "hibiki-platform/src/main/java/dev/hibiki/platform/token,io.javalin",
            "hibiki-platform/src/main/java/dev/hibiki/platform/token,dev.hibiki.platform.http",
            "hibiki-platform/src/main/java/dev/hibiki/platform/config,io.javalin",
            "hibiki-platform/src/main/java/dev/hibiki/platform/config,org.jdbi",
            "hibiki-platform/src/main/java/dev/hibiki/platform/persistence,io.javalin",
            "hibiki-platform/src/main/java/dev/hibiki/platform/usage,io.javalin",
            "hibiki-platform/src/main/java/dev/hibiki/platform/webhook,io.javalin",
            "hibiki-platform/src/main/java/dev/hibiki/platform/json,io.javalin"})
    void packageDoesNotReferTo(String dir, String forbidden) {
        Path path = ROOT.resolve(dir);
        assertThat(path).isDirectory();
        List<String> offenders = new ArrayList<>();
        for (Path f : javaFiles(path)) {
            if (code(read(f)).contains(forbidden + ".")) offenders.add(f.toString());
        }
        assertThat(offenders).isEmpty();
    }

    private static List<String> existing(Set<String> modules) {
        return modules.stream().filter(m -> Files.isDirectory(ROOT.resolve(m))).sorted().toList();
    }

    /** The modules whose packages the main code of {@code module} refers to. */
    private static Set<String> referencedModules(String module) {
        Path main = ROOT.resolve(module).resolve("src/main/java");
        assertThat(main).isDirectory();
        Set<String> modules = new TreeSet<>();
        for (Path f : javaFiles(main)) {
            for (String pkg : referencedPackages(read(f))) {
                String m = MODULE_OF_PACKAGE.get(pkg);
                assertThat(m).as("module of dev.hibiki.%s (in %s)", pkg, f).isNotNull();
                modules.add(m);
            }
        }
        return modules;
    }

    static Set<String> referencedPackages(String source) {
        Set<String> packages = new TreeSet<>();
        Matcher m = REFERENCE.matcher(code(source));
        while (m.find()) packages.add(m.group(1));
        return packages;
    }

    /** The source without its comments (string literals are kept: they do not hold package names here). */
    private static String code(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ");
    }

    private static List<Path> javaFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
