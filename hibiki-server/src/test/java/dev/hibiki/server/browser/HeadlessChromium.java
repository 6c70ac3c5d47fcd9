package dev.hibiki.server.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.remote.RemoteWebDriver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver with Selenium: fake camera and microphone
 * (a moving test pattern and a beep), no permission prompts, sound without a click unless asked otherwise, WebRTC
 * allowed on loopback, a fresh profile per instance, and nothing downloaded (the driver path is given, so Selenium
 * Manager never runs).
 *
 * <p>Pages must come from {@code http://127.0.0.1} or {@code http://localhost} (only those are secure contexts
 * over plain HTTP, and getUserMedia needs one), from an origin the test names in Chromium's
 * {@code --unsafely-treat-insecure-origin-as-secure}, or from https with a certificate the test lets the browser
 * accept. The chromedriver is started here, or is one already running elsewhere (in another network namespace).
 * Use it through {@link ChromiumExtension}, which takes a screenshot when a test fails and always quits the
 * browser.
 */
public final class HeadlessChromium implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration POLL = Duration.ofMillis(100);
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Selenium warns on every start that it has no CDP bindings for this Chromium version; nothing here uses
     * them (executeCdpCommand goes through chromedriver). Held in a field: JUL keeps loggers only weakly.
     */
    private static final Logger CDP_VERSION_WARNINGS = quiet("org.openqa.selenium.devtools.CdpVersionFinder");

    private final String name;
    private final Path profile;
    private final RemoteWebDriver driver;
    private final List<String> console = new ArrayList<>();

    private HeadlessChromium(String name, Path profile, RemoteWebDriver driver) {
        this.name = name;
        this.profile = profile;
        this.driver = driver;
    }

    /**
     * Starts a browser. Skips the calling test where Chromium is not installed, except in CI (bin/test installs
     * it: apt-get install chromium chromium-driver).
     *
     * @param extraArguments Chromium flags added to the usual ones (e.g. one certificate a test trusts)
     */
    public static HeadlessChromium launch(String name, String... extraArguments) {
        return launch(name, false, extraArguments);
    }

    /**
     * @param soundWaitsForAUserGesture true for the autoplay policy of a user's browser, which starts sound a page
     *                                  makes (an AudioContext) only after a click or key press; false lets pages
     *                                  play and generate sound at once, as tests usually want
     * @param extraArguments            Chromium flags added to the usual ones
     */
    public static HeadlessChromium launch(String name, boolean soundWaitsForAUserGesture, String... extraArguments) {
        return launch(name, null, soundWaitsForAUserGesture, extraArguments);
    }

    /**
     * @param chromedriver a chromedriver that is already running, whose browsers then run where it runs (in its
     *                     network namespace), or null to start one here
     * @see #launch(String, boolean, String...)
     */
    public static HeadlessChromium launch(String name, URL chromedriver, boolean soundWaitsForAUserGesture,
                                          String... extraArguments) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String missing = CHROMIUM + " or " + CHROMEDRIVER + " is missing: apt-get install chromium chromium-driver,"
                    + " or run bin/test, which installs them";
            if (System.getenv("CI") != null) throw new IllegalStateException(missing);
            Assumptions.abort(missing);
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("hibiki-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        if (!soundWaitsForAUserGesture) options.addArguments("--autoplay-policy=no-user-gesture-required");
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--use-fake-device-for-media-stream",
                "--use-fake-ui-for-media-stream",
                "--allow-loopback-in-peer-connection",
                "--disable-background-networking",
                "--disable-background-timer-throttling",
                "--disable-renderer-backgrounding",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
                "--disable-quic",
                "--window-size=1280,900",
                "--user-data-dir=" + profile);
        options.addArguments(extraArguments);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        if (chromedriver != null) {
            try {
                // without tracing: Selenium's OpenTelemetry tracer needs an SDK version this classpath does not have
                return started(name, profile, new RemoteWebDriver(chromedriver, options, false));
            } catch (RuntimeException e) {
                deleteRecursively(profile);
                throw e;
            }
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        try {
            return started(name, profile, new ChromeDriver(service, options));
        } catch (RuntimeException e) {
            service.stop();
            deleteRecursively(profile);
            throw e;
        }
    }

    private static HeadlessChromium started(String name, Path profile, RemoteWebDriver driver) {
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20)).scriptTimeout(Duration.ofSeconds(20));
        return new HeadlessChromium(name, profile, driver);
    }

    public String name() {
        return name;
    }

    /** The Selenium driver, for whatever the helpers here do not cover (clicks, forms, windows). */
    public RemoteWebDriver driver() {
        return driver;
    }

    /** Loads the page and waits until its document (and every module script of it) has loaded. */
    public void open(URI url) {
        driver.get(url.toString());
    }

    /** Runs {@code return <expression>} in the page; numbers come back as Long or Double. */
    public Object eval(String expression) {
        return driver.executeScript("return (" + expression + ");");
    }

    /**
     * Runs an async function body in the page and returns what it resolves to, as JSON (functions and DOM
     * objects are dropped). {@code await} works in {@code body}; a rejection fails with the page's message.
     */
    public JsonNode evalAsync(String body) {
        Object r = driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                (async () => { %s })().then(
                    (v) => done(JSON.stringify({ ok: v === undefined ? null : v })),
                    (e) => done(JSON.stringify({ error: String(e && e.stack || e) })));
                """.formatted(body));
        JsonNode result = readJson((String) r);
        if (result.has("error")) throw new AssertionError(name + ": page script failed: " + result.get("error").asText());
        return result.get("ok");
    }

    /** {@code JSON.stringify(expression)} in the page, parsed; null when the expression is undefined. */
    public JsonNode json(String expression) {
        Object r = driver.executeScript("const v = (" + expression + "); return v === undefined ? null : JSON.stringify(v);");
        return r == null ? null : readJson((String) r);
    }

    /** The demo page's {@code window.hibikiDemo} (state, error, connectionId, remoteStreams, stats, events). */
    public JsonNode demoState() {
        return json("window.hibikiDemo");
    }

    /**
     * Polls the JavaScript condition (an expression) until it is truthy. On timeout fails with the condition,
     * {@code window.hibikiDemo} and the console errors, so a failing test says what the page saw.
     */
    public void waitFor(String condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        WebDriverException last = null;
        while (true) {
            try {
                if (Boolean.TRUE.equals(driver.executeScript("return !!(" + condition + ");"))) return;
                last = null;
            } catch (JavascriptException e) {
                last = e; // e.g. a property of an object that does not exist yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + ": timed out after " + timeout.toMillis() + " ms waiting for "
                        + condition + "\nwindow.hibikiDemo = " + abbreviate(String.valueOf(safeDemoState()))
                        + "\nconsole errors: " + consoleErrors()
                        + (last == null ? "" : "\nlast script error: " + last.getRawMessage()));
            }
            sleep(POLL);
        }
    }

    /** Every console message and page error so far, "LEVEL message" each, oldest first. */
    public List<String> consoleMessages() {
        try {
            for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
                console.add(e.getLevel() + " " + e.getMessage());
            }
        } catch (WebDriverException e) {
            // the browser is gone; keep what was collected
        }
        return List.copyOf(console);
    }

    /** The SEVERE ones: uncaught errors, failed loads (404 of a script), console.error. */
    public List<String> consoleErrors() {
        return consoleMessages().stream().filter(m -> m.startsWith(Level.SEVERE.getName())).toList();
    }

    /** Saves a PNG of the current page and its console next to it; returns the PNG's path. */
    public Path screenshot(Path directory, String fileStem) {
        try {
            Files.createDirectories(directory);
            Path png = directory.resolve(fileStem + ".png");
            Files.write(png, driver.getScreenshotAs(OutputType.BYTES));
            Files.write(directory.resolve(fileStem + ".console.txt"), consoleMessages());
            JsonNode state = safeDemoState();
            if (state != null) {
                Files.writeString(directory.resolve(fileStem + ".hibikiDemo.json"),
                        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(state));
            }
            return png;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Quits the browser and chromedriver and deletes the profile; safe to call twice. */
    @Override
    public void close() {
        try {
            driver.quit();
        } catch (WebDriverException e) {
            // already gone
        } finally {
            deleteRecursively(profile);
        }
    }

    private JsonNode safeDemoState() {
        try {
            return demoState();
        } catch (WebDriverException e) {
            return null;
        }
    }

    private static Logger quiet(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.SEVERE);
        return logger;
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 4000 ? s : s.substring(0, 4000) + "…";
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a leftover temp profile is harmless
        }
    }
}
