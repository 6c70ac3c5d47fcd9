package dev.hibiki.server.browser;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives a test as many headless browsers as it asks for and cleans up after it: when the test failed, each
 * browser's screenshot, console and {@code window.hibikiDemo} go to {@code target/browser-failures/}; then every
 * browser quits, failed or not.
 *
 * <pre>{@code
 * @RegisterExtension final ChromiumExtension chromium = new ChromiumExtension();
 * ...
 * HeadlessChromium sender = chromium.launch("sender");
 * }</pre>
 */
public final class ChromiumExtension implements AfterEachCallback {

    private static final Logger LOG = LoggerFactory.getLogger(ChromiumExtension.class);
    private static final Path FAILURES = Path.of("target", "browser-failures");

    private final List<HeadlessChromium> browsers = new ArrayList<>();
    private URL chromedriver;

    /**
     * Browsers launched from now on are started by this chromedriver, already running (in another network
     * namespace, so that they have its network); null starts a chromedriver here for each, as by default.
     */
    public void driveThrough(URL runningChromedriver) {
        this.chromedriver = runningChromedriver;
    }

    /**
     * A new browser with its own profile; {@code name} labels failure files and timeout messages,
     * {@code extraArguments} are added to its Chromium flags.
     */
    public HeadlessChromium launch(String name, String... extraArguments) {
        return launch(name, false, extraArguments);
    }

    /** @param soundWaitsForAUserGesture see {@link HeadlessChromium#launch(String, boolean, String...)} */
    public HeadlessChromium launch(String name, boolean soundWaitsForAUserGesture, String... extraArguments) {
        HeadlessChromium browser = HeadlessChromium.launch(name, chromedriver, soundWaitsForAUserGesture, extraArguments);
        browsers.add(browser);
        return browser;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            if (context.getExecutionException().isPresent()) {
                String method = context.getRequiredTestMethod().getName();
                String display = context.getDisplayName().replaceAll("[^A-Za-z0-9._-]+", "_");
                String test = context.getRequiredTestClass().getSimpleName() + "." + method
                        + (display.startsWith(method) ? "" : "." + display);
                for (HeadlessChromium browser : browsers) {
                    try {
                        Path png = browser.screenshot(FAILURES, test + "." + browser.name());
                        LOG.warn("browser {} at failure: {}", browser.name(), png.toAbsolutePath());
                    } catch (RuntimeException e) {
                        LOG.warn("no screenshot of browser {}: {}", browser.name(), e.toString());
                    }
                }
            }
        } finally {
            for (HeadlessChromium browser : browsers) browser.close();
            browsers.clear();
        }
    }
}
