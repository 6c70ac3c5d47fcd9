package dev.hibiki.server.browser;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URL;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A network namespace joined to this host by a veth pair, whose nftables firewall drops every UDP datagram between
 * it and the host: to a browser inside, the host looks like a server behind a network that lets only TCP through.
 * A chromedriver runs inside and is reached from here over the pair ({@link #chromedriver()}), so the browsers it
 * starts have the namespace's network while the test drives them as usual.
 *
 * <p>Needs root (CAP_NET_ADMIN), iproute2 and nftables (bin/test installs nftables). Where namespaces cannot be
 * made, {@link #open()} fails and says so, unless {@value #SKIP_VARIABLE}=1 is set, which skips the calling tests.
 * Names carry this JVM's pid: a namespace (and the chromedriver and browsers in it) left behind by a JVM that died
 * without closing it is removed by the next {@link #open()}.
 */
final class UdpDroppingNamespace implements AutoCloseable {

    /** Set to 1 where network namespaces are not available (no root), to skip the tests that need one. */
    static final String SKIP_VARIABLE = "HIBIKI_SKIP_NETNS_TESTS";

    private static final String PREFIX = "hibiki-noudp-";
    /** The host's end of the veth pair: "hnu" + pid + "x" + sequence, within the 15 characters Linux allows. */
    private static final String HOST_LINK_PREFIX = "hnu";
    private static final Path IP = Path.of("/usr/sbin/ip");
    private static final Path NFT = Path.of("/usr/sbin/nft");
    private static final int CHROMEDRIVER_PORT = 9515;
    private static final AtomicInteger OPENED = new AtomicInteger();

    private final String name;
    private final String hostLink;
    private final InetAddress hostAddress;
    private final InetAddress insideAddress;
    private final Path chromedriverLog;
    private final Thread shutdownHook = new Thread(this::remove, "remove-network-namespace");
    private Process chromedriver;

    private UdpDroppingNamespace(String name, InetAddress hostAddress, InetAddress insideAddress, Path chromedriverLog) {
        this.name = name;
        this.hostLink = HOST_LINK_PREFIX + name.substring(PREFIX.length()).replace("-", "x");
        this.hostAddress = hostAddress;
        this.insideAddress = insideAddress;
        this.chromedriverLog = chromedriverLog;
    }

    /** Makes the namespace, its firewall and its chromedriver; fails (or skips, see the class) without root. */
    static UdpDroppingNamespace open() {
        if ("1".equals(System.getenv(SKIP_VARIABLE))) {
            Assumptions.abort(SKIP_VARIABLE + "=1: the network namespace tests are skipped");
        }
        for (Path tool : List.of(IP, NFT, HeadlessChromium.CHROMEDRIVER)) {
            if (!Files.isExecutable(tool)) throw unavailable(tool + " is missing (apt-get install iproute2 nftables"
                    + " chromium-driver, or run bin/test, which installs them)");
        }
        removeLeftoversOfDeadJvms();
        long pid = ProcessHandle.current().pid();
        int sequence = OPENED.getAndIncrement();
        // A /30 of 10.231.0.0/16 per namespace, chosen by pid: JVMs running at once (two builds) do not collide.
        int subnet = (int) ((pid * 8 + sequence) % 16384) * 4;
        InetAddress host = address(subnet + 1);
        InetAddress inside = address(subnet + 2);
        String name = PREFIX + pid + "-" + sequence;
        Path log;
        try {
            log = Files.createTempFile("hibiki-netns-chromedriver-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        UdpDroppingNamespace ns = new UdpDroppingNamespace(name, host, inside, log);
        Runtime.getRuntime().addShutdownHook(ns.shutdownHook);
        try {
            ns.build();
            ns.startChromedriver();
            return ns;
        } catch (RuntimeException | Error e) {
            ns.close();
            throw e;
        }
    }

    /** This host's end of the pair: the server's address as the browsers inside reach it. */
    InetAddress hostAddress() {
        return hostAddress;
    }

    /** The chromedriver inside, for {@link ChromiumExtension#driveThrough}. */
    URL chromedriver() {
        try {
            return URI.create("http://" + insideAddress.getHostAddress() + ":" + CHROMEDRIVER_PORT).toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Chromium's flag that lets pages of {@code baseUri} (plain http on the host's address, which browsers do not
     * count as a secure context) use the camera and WebRTC.
     */
    static String secureOriginFlag(URI baseUri) {
        return "--unsafely-treat-insecure-origin-as-secure=" + baseUri.getScheme() + "://" + baseUri.getAuthority();
    }

    /** Whether a process inside may send a UDP datagram to this host's port: false while the firewall holds. */
    boolean udpToHostLeaves(int port) {
        Result r = run(List.of(IP.toString(), "netns", "exec", name, "bash", "-c",
                "echo probe > /dev/udp/" + hostAddress.getHostAddress() + "/" + port), null);
        return r.exitCode() == 0;
    }

    private void build() {
        String hostSide = hostLink;
        String insideSide = hostSide + "i";
        Result add = run(List.of(IP.toString(), "netns", "add", name), null);
        if (add.exitCode() != 0) {
            throw unavailable("ip netns add " + name + " failed (root or CAP_NET_ADMIN is needed): " + add.output());
        }
        String host = hostAddress.getHostAddress();
        String ns = "ip netns exec " + name + " ";
        for (String command : List.of(
                "ip link add " + hostSide + " type veth peer name " + insideSide,
                "ip link set " + insideSide + " netns " + name,
                "ip addr add " + host + "/30 dev " + hostSide,
                "ip link set " + hostSide + " up",
                ns + "ip addr add " + insideAddress.getHostAddress() + "/30 dev " + insideSide,
                ns + "ip link set " + insideSide + " up",
                ns + "ip link set lo up")) {
            check(run(List.of("sh", "-c", command), null), command);
        }
        String rules = """
                table inet hibiki_no_udp {
                    chain input { type filter hook input priority 0; policy accept; ip saddr %1$s meta l4proto udp drop; }
                    chain output { type filter hook output priority 0; policy accept; ip daddr %1$s meta l4proto udp drop; }
                }
                """.formatted(host);
        check(run(List.of(IP.toString(), "netns", "exec", name, NFT.toString(), "-f", "-"), rules), "nft -f (UDP drop)");
    }

    private void startChromedriver() {
        try {
            chromedriver = new ProcessBuilder(IP.toString(), "netns", "exec", name,
                    HeadlessChromium.CHROMEDRIVER.toString(), "--port=" + CHROMEDRIVER_PORT,
                    "--allowed-ips=" + hostAddress.getHostAddress())
                    .redirectErrorStream(true).redirectOutput(chromedriverLog.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpClient http = HttpClient.newBuilder().proxy(ProxySelector.of(null))
                .connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest status = HttpRequest.newBuilder(URI.create(chromedriver() + "/status"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline && chromedriver.isAlive()) {
            try {
                if (http.send(status, HttpResponse.BodyHandlers.ofString()).body().contains("\"ready\":true")) return;
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            ChannelPages.sleep(100);
        }
        throw new IllegalStateException("chromedriver in " + name + " did not become ready: " + logTail());
    }

    private String logTail() {
        try {
            String log = Files.readString(chromedriverLog);
            return log.length() > 2000 ? log.substring(log.length() - 2000) : log;
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Ends the chromedriver and every browser inside, and removes the namespace with its veth pair. */
    @Override
    public void close() {
        remove();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down and runs the hook itself
        }
        try {
            Files.deleteIfExists(chromedriverLog);
        } catch (IOException e) {
            // a leftover log in the temp directory is harmless
        }
    }

    private synchronized void remove() {
        if (chromedriver != null) {
            chromedriver.destroyForcibly();
            chromedriver = null;
        }
        removeNamespace(name);
        run(List.of(IP.toString(), "link", "delete", hostLink), null); // gone with the namespace, unless never moved
    }

    /** Kills what still runs inside (started there by the test: chromedriver, Chromium) and deletes the namespace. */
    private static void removeNamespace(String name) {
        Result pids = run(List.of(IP.toString(), "netns", "pids", name), null);
        for (String pid : pids.output().split("\\s+")) {
            if (pid.matches("\\d+")) ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
        }
        run(List.of(IP.toString(), "netns", "delete", name), null);
    }

    private static void removeLeftoversOfDeadJvms() {
        for (String line : run(List.of(IP.toString(), "netns", "list"), null).output().split("\n")) {
            String ns = line.split(" ")[0];
            if (!ns.startsWith(PREFIX)) continue;
            String pid = ns.substring(PREFIX.length()).replaceAll("-.*", "");
            if (!pid.matches("\\d+") || ProcessHandle.of(Long.parseLong(pid)).isEmpty()) removeNamespace(ns);
        }
        // a pair whose inside end never moved into its namespace stays on the host
        for (String line : run(List.of(IP.toString(), "-o", "link", "show", "type", "veth"), null).output().split("\n")) {
            Matcher link = Pattern.compile("^\\d+: (" + HOST_LINK_PREFIX
                    + "(\\d+)x\\d+i?)[@:]").matcher(line);
            if (link.find() && ProcessHandle.of(Long.parseLong(link.group(2))).isEmpty()) {
                run(List.of(IP.toString(), "link", "delete", link.group(1)), null);
            }
        }
    }

    private static InetAddress address(int offsetIn10231) {
        try {
            return InetAddress.getByAddress(new byte[] {10, (byte) 231, (byte) (offsetIn10231 >> 8), (byte) offsetIn10231});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static IllegalStateException unavailable(String why) {
        return new IllegalStateException(why + ". The firewall browser tests run Chromium in a network namespace;"
                + " where namespaces cannot be made (not root), set " + SKIP_VARIABLE + "=1 to skip them.");
    }

    private static void check(Result r, String what) {
        if (r.exitCode() != 0) throw new IllegalStateException(what + " failed (" + r.exitCode() + "): " + r.output());
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command, String input) {
        try {
            Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
            try (var stdin = p.getOutputStream()) {
                if (input != null) stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, command + " timed out: " + output);
            }
            return new Result(p.exitValue(), output);
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, e.toString());
        }
    }
}
