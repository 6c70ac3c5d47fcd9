package dev.hibiki.bench.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hibiki.dtls.DtlsCertificate;
import dev.hibiki.srtp.SrtpBackend;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/** Shared state of one run and the run itself: channel, publisher, N subscribers, warm-up, measured window. */
final class Bench {

    final Options options;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    final DtlsCertificate certificate = DtlsCertificate.generate();
    final String fingerprint = certificate.sdpFingerprint();
    final IoLoop[] loops;
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("fanout-ice").daemon().factory());
    final List<Subscriber> subscribers = new ArrayList<>();
    Publisher publisher;
    /** Measured window in source sequence numbers: [audioLo, audioHi, videoLo, videoHi). */
    volatile long[] window = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
    volatile boolean stopping;
    private final List<Peer> peers = new java.util.concurrent.CopyOnWriteArrayList<>();

    Bench(Options options) throws IOException {
        this.options = options;
        loops = new IoLoop[options.threads];
        for (int i = 0; i < loops.length; i++) loops[i] = new IoLoop(i);
    }

    IoLoop loopFor(int index) {
        return loops[Math.floorMod(index + 1, loops.length)];
    }

    static void log(String s) {
        System.out.println(s);
        System.out.flush();
    }

    int run() throws Exception {
        Options o = options;
        log("== fan-out: 1 publisher (VP8 " + o.videoKbps + " kbps @ " + o.fps + " fps + Opus 20 ms) -> " + o.subscribers
                + " subscribers; " + o.threads + " receive threads; decrypt every " + o.decryptEvery + " packet(s); pacing "
                + (o.pacingFactor > 0 ? o.pacingFactor + "x the video bit rate" : "off (frames sent in bursts)")
                + (o.notify ? "" : "; signaling notifies off (auth webhook signaling_notify: false)"));
        log("   client SRTP backend: " + SrtpBackend.describe());
        for (IoLoop l : loops) l.start();
        scheduler.scheduleAtFixedRate(this::iceTick, 20, 20, TimeUnit.MILLISECONDS);

        String authWebhook = "";
        if (!o.notify) {
            authWebhook = ",\"auth_webhook_url\":\"" + NotifyOffWebhook.start(Bench::log) + "\"";
        }
        JsonNode channel = api("ImageFlux_20180905.CreateChannel", "{\"hls\":[{\"durationSeconds\":1,\"video\":"
                + "{\"width\":640,\"height\":360,\"fps\":" + o.fps + ",\"bps\":" + o.videoKbps * 1000 + "},"
                + "\"audio\":{\"bps\":64000}}]" + authWebhook + "}");
        String channelId = channel.path("channel_id").asText();
        URI sora = URI.create(channel.path("sora_url").asText());
        log("   channel " + channelId + " at " + sora);
        try {
            return measure(channelId, sora);
        } finally {
            stopping = true;
            if (publisher != null) publisher.stopSending();
            try {
                api("ImageFlux_20180501.DeleteChannel", "{\"channel_id\":\"" + channelId + "\"}");
            } catch (Exception e) {
                log("   (DeleteChannel failed: " + e + ")");
            }
            scheduler.shutdownNow();
            for (Peer p : peers) p.close();
            for (IoLoop l : loops) l.stop();
        }
    }

    private int measure(String channelId, URI sora) throws Exception {
        Options o = options;
        publisher = new Publisher(this, o.videoKbps, o.fps, o.keyframeSeconds, o.pacingFactor);
        peers.add(publisher);
        if (!o.publisherLast && !connectPublisher(sora, channelId)) return 2;

        // Subscribers join with bounded parallelism (DTLS handshakes are CPU-heavy on both sides).
        long tj = System.nanoTime();
        Semaphore slots = new Semaphore(o.joinParallel);
        AtomicInteger ok = new AtomicInteger(), bad = new AtomicInteger();
        List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> joiners = new ArrayList<>();
        for (int i = 0; i < o.subscribers; i++) {
            Subscriber s = new Subscriber(this, i);
            subscribers.add(s);
            peers.add(s);
            slots.acquire();
            joiners.add(Thread.ofVirtual().start(() -> {
                try {
                    s.join(sora, channelId);
                    s.connected.get(60, TimeUnit.SECONDS);
                    ok.incrementAndGet();
                } catch (Exception e) {
                    bad.incrementAndGet();
                    if (errors.size() < 5) errors.add("subscriber " + s.index + ": " + (s.failure != null ? s.failure : e));
                } finally {
                    slots.release();
                }
            }));
            if ((i + 1) % Math.max(1, o.subscribers / 10) == 0 || i + 1 == o.subscribers) {
                log(String.format("   joining: %d started, %d connected, %d failed (%.1f s)", i + 1, ok.get(), bad.get(),
                        (System.nanoTime() - tj) / 1e9));
            }
            if (System.nanoTime() - tj > o.joinTimeoutSeconds * 1_000_000_000L) {
                log("   join timeout: stopping at " + (i + 1) + " subscribers");
                break;
            }
        }
        for (Thread t : joiners) t.join();
        double joinSeconds = (System.nanoTime() - tj) / 1e9;
        log(String.format("   joined: %d connected, %d failed in %.1f s", ok.get(), bad.get(), joinSeconds));
        for (String e : errors) log("   join error: " + e);
        // With --publisher-last the subscribers joined an empty channel: the publisher's streams reach them by re-offer.
        if (o.publisherLast && !connectPublisher(sora, channelId)) return 2;
        List<Subscriber> live = subscribers.stream().filter(s -> s.connected.isDone() && !s.connected.isCompletedExceptionally()).toList();
        if (live.isEmpty()) {
            log("FAILED: no subscriber connected");
            return 2;
        }

        // Every subscriber starts forwarding video at a keyframe: wait until all have some.
        long tr = System.nanoTime();
        int ready = 0;
        while (System.nanoTime() - tr < o.readyTimeoutSeconds * 1_000_000_000L) {
            ready = countOnLoops(l -> (int) live.stream().filter(s -> s.loop == l && s.video.received > 0 && s.audio.received > 0).count());
            if (ready == live.size()) break;
            Thread.sleep(200);
        }
        log(String.format("   %d/%d subscribers receive audio and video (%.1f s after the joins)", ready, live.size(),
                (System.nanoTime() - tr) / 1e9));

        if (o.arrivalStamps) {
            long stamped = stampedSubscribers(live);
            log(stamped == live.size() ? "   latency is timed to each datagram's arrival at its socket (kernel stamps, SO_TIMESTAMPNS)"
                    : String.format("   WARNING: only %d of %d subscribers get kernel arrival stamps (%s); the others are timed"
                            + " when the client reads them", stamped, live.size(),
                    SocketArrivalTimes.available() ? "setsockopt failed" : SocketArrivalTimes.unavailableReason()));
        }
        log("   warm-up " + o.warmupSeconds + " s");
        Thread.sleep(o.warmupSeconds * 1000L);

        // ---- measured windows: up to --windows of them, until one is not skewed by other processes on the machine
        for (int attempt = 1; ; attempt++) {
            if (attempt > 1) {
                window = new long[] {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
                for (IoLoop l : loops) {
                    l.call(loop -> {
                        loop.latency.clear();
                        loop.readLatency.clear();
                        for (Subscriber s : live) {
                            if (s.loop != loop) continue;
                            s.audio.windowReceived = s.audio.windowBytes = 0;
                            s.video.windowReceived = s.video.windowBytes = 0;
                        }
                        return null;
                    }).get(10, TimeUnit.SECONDS);
                }
                log("== measuring again (attempt " + attempt + " of " + o.windows + ")");
            }
            // ---- measured window
            Set<Integer> clientPorts = new HashSet<>();
            for (Subscriber s : live) clientPorts.add(s.localPort);
            Set<Integer> serverPorts = Set.of(publisher.server.getPort());
            long clientDrops0 = ProcStats.udpDrops(clientPorts);
            long serverDrops0 = ProcStats.udpDrops(serverPorts);
            long pubSent0A = publisher.packetsSent(Publisher.AUDIO), pubSent0V = publisher.packetsSent(Publisher.VIDEO);
            long keyframes0 = publisher.keyframes, plis0 = publisher.plis, nacked0 = publisher.nacked;
            long[] m0 = ProcStats.machineTicks();
            long[] self0 = ProcStats.processUserSystem(ProcessHandle.current().pid());
            long[] srv0 = o.serverPid > 0 ? ProcStats.processUserSystem(o.serverPid) : new long[] {-1, -1};
            Map<Long, ProcStats.ThreadTicks> thr0 = o.serverPid > 0 ? ProcStats.threadTicks(o.serverPid) : Map.of();
            if (o.jfr != null && o.serverPid > 0) {
                // A CPU profile of the server over the measured window (JFR execution samples), for bench/fanout.sh.
                String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
                // jdk.CPUTimeSample (JDK 25, Linux) samples CPU time, system calls included; older JDKs ignore it.
                new ProcessBuilder(jcmd, Long.toString(o.serverPid), "JFR.start", "name=fanout-" + attempt, "settings=profile",
                        "jdk.CPUTimeSample#enabled=true", "jdk.CPUTimeSample#throttle=1ms",
                        "duration=" + o.durationSeconds + "s", "filename=" + o.jfr)
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            }
            ServerForwardDelay.Snapshot fwd0 = ServerForwardDelay.scrape(http, o.url);
            long all0 = receivedOnLoops(live);
            long w0 = System.nanoTime();
            window = new long[] {publisher.nextSeq(Publisher.AUDIO), Long.MAX_VALUE, publisher.nextSeq(Publisher.VIDEO), Long.MAX_VALUE};
            long[] lo = window.clone();
            Thread.sleep(o.durationSeconds * 1000L);
            long[] hi = {lo[0], publisher.nextSeq(Publisher.AUDIO), lo[2], publisher.nextSeq(Publisher.VIDEO)};
            window = hi;
            long all1 = receivedOnLoops(live);
            ServerForwardDelay.Snapshot fwd1 = ServerForwardDelay.scrape(http, o.url);
            long[] srv1 = o.serverPid > 0 ? ProcStats.processUserSystem(o.serverPid) : new long[] {-1, -1};
            Map<Long, ProcStats.ThreadTicks> thr1 = o.serverPid > 0 ? ProcStats.threadTicks(o.serverPid) : Map.of();
            long[] self1 = ProcStats.processUserSystem(ProcessHandle.current().pid());
            long[] m1 = ProcStats.machineTicks();
            long w1 = System.nanoTime();
            long pubSent1A = publisher.packetsSent(Publisher.AUDIO), pubSent1V = publisher.packetsSent(Publisher.VIDEO);
            long keyframes1 = publisher.keyframes, plis1 = publisher.plis, nacked1 = publisher.nacked;
            // Packets of the window still in flight (a server that fell behind holds seconds of them in its socket):
            // wait until the count of window packets received stops growing, at most 15 s.
            long drainStart = System.nanoTime();
            long lastCount = -1;
            long expectedAll = (hi[1] - lo[0] + hi[3] - lo[2]) * (long) live.size();
            while (System.nanoTime() - drainStart < 15_000_000_000L) {
                Thread.sleep(500);
                long c = 0;
                for (IoLoop l : loops) {
                    c += l.call(loop -> live.stream().filter(s -> s.loop == loop)
                            .mapToLong(s -> s.audio.windowReceived + s.video.windowReceived).sum()).get(10, TimeUnit.SECONDS);
                }
                if (c >= expectedAll || (c == lastCount && c > 0)) break;
                lastCount = c;
            }
            double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
            long clientDrops1 = ProcStats.udpDrops(clientPorts);
            long serverDrops1 = ProcStats.udpDrops(serverPorts);

            // ---- collect, on the IO threads
            long expectedA = hi[1] - lo[0], expectedV = hi[3] - lo[2];
            Totals tA = new Totals(), tV = new Totals();
            LatencyHistogram lat = new LatencyHistogram();
            LatencyHistogram readLat = new LatencyHistogram();
            for (IoLoop l : loops) {
                l.call(loop -> {
                    for (Subscriber s : live) {
                        if (s.loop != loop) continue;
                        tA.add(s.audio, expectedA);
                        tV.add(s.video, expectedV);
                    }
                    lat.add(loop.latency);
                    readLat.add(loop.readLatency);
                    return null;
                }).get(10, TimeUnit.SECONDS);
            }
            int n = live.size();
            double wall = (w1 - w0) / 1e9;
            long delivered = tA.received + tV.received;
            long expected = (expectedA + expectedV) * n;
            double lossPct = expected == 0 ? 0 : 100.0 * (expected - delivered) / expected;
            double srvUser = srv1[0] < 0 || srv0[0] < 0 ? Double.NaN : (srv1[0] - srv0[0]) / (double) ProcStats.HZ;
            double srvSys = srv1[1] < 0 || srv0[1] < 0 ? Double.NaN : (srv1[1] - srv0[1]) / (double) ProcStats.HZ;
            double srvCpu = srvUser + srvSys;
            double selfCpu = (self1[0] + self1[1] - self0[0] - self0[1]) / (double) ProcStats.HZ;
            double selfSys = (self1[1] - self0[1]) / (double) ProcStats.HZ;
            double machineBusy = (m1[1] - m0[1]) == 0 ? 0 : 100.0 * (m1[0] - m0[0]) / (m1[1] - m0[1]);
            // CPU per forwarded packet: over every packet the subscribers received during the window, whatever its age
            // (the same as the window's packets in a steady state; the actual forwarding rate when the server lags).
            long receivedDuring = all1 - all0;
            double usPerPkt = receivedDuring == 0 ? Double.NaN : srvCpu * 1e6 / receivedDuring;
            double pktRate = receivedDuring / wall;
            double mbps = (tA.bytes + tV.bytes) * 8 / wall / 1e6;

            log(String.format("== window: %.1f s (then %.1f s until the last of its packets arrived)", wall, drainSeconds));
            log(String.format("   publisher sent: audio %d, video %d packets (%.0f pkt/s); keyframes %d (PLIs %d), NACKed %d,"
                            + " late frames (>5 ms) %d, max lateness %.1f ms, send failures %d",
                    pubSent1A - pubSent0A, pubSent1V - pubSent0V, (pubSent1A - pubSent0A + pubSent1V - pubSent0V) / wall,
                    keyframes1 - keyframes0, plis1 - plis0, nacked1 - nacked0, publisher.lateFrames,
                    publisher.maxLateNanos / 1e6, publisher.sendFailures));
            log(String.format("   per subscriber expected: audio %d, video %d; window received min/max: audio %d/%d, video %d/%d",
                    expectedA, expectedV, tA.minWindow, tA.maxWindow, tV.minWindow, tV.maxWindow));
            log(String.format("   subscribers received %d packets during the window (%.0f pkt/s)", receivedDuring, pktRate));
            log(String.format("   delivered %d of the window's %d packets to %d subscribers (%.1f Mbit/s of SRTP): loss %.3f%%"
                            + " (audio %.3f%%, video %.3f%%); subscribers with loss: %d",
                    delivered, expected, n, mbps, lossPct, tA.lossPct(expectedA, n), tV.lossPct(expectedV, n),
                    Math.max(tA.lossySubscribers, tV.lossySubscribers)));
            log(String.format("   sequence check (whole run): gaps %d, late/duplicate %d, SSRC changes %d; decrypted %d, auth failures %d,"
                            + " bad payloads %d, remaps %d, send-time mismatches %d",
                    tA.gaps + tV.gaps, tA.late + tV.late, tA.segments + tV.segments, tA.decrypted + tV.decrypted,
                    tA.authFailures + tV.authFailures, tA.badPayload + tV.badPayload, tA.remaps + tV.remaps,
                    tA.tableMismatch + tV.tableMismatch));
            log(String.format("   UDP drops in the kernel during the window: client sockets %d, server socket %d"
                            + " (since the sockets opened: client %d, server %d)",
                    clientDrops1 - clientDrops0, serverDrops1 - serverDrops0, clientDrops1, serverDrops1));
            if (lat.count() == 0) {
                log("   added latency: none of the window's packets arrived within 15 s of its end (the server lags by more)");
            }
            boolean stamped = stampedSubscribers(live) > 0;
            log(String.format("   added latency (publisher send -> %s, %d samples): p50 %.2f ms, p90 %.2f ms,"
                            + " p99 %.2f ms, p99.9 %.2f ms, max %.2f ms",
                    stamped ? "arrival at the subscriber's socket, kernel stamp" : "read by the subscriber",
                    lat.count(), lat.quantileMillis(0.5), lat.quantileMillis(0.9), lat.quantileMillis(0.99),
                    lat.quantileMillis(0.999), lat.maxMillis()));
            if (stamped) {
                log(String.format("   publisher send -> read by the load client (adds the client's own scheduling): p50 %.2f ms,"
                                + " p99 %.2f ms, p99.9 %.2f ms, max %.2f ms",
                        readLat.quantileMillis(0.5), readLat.quantileMillis(0.99), readLat.quantileMillis(0.999),
                        readLat.maxMillis()));
            }
            double srvP50 = Double.NaN, srvP99 = Double.NaN;
            if (fwd0 != null && fwd1 != null) {
                srvP50 = fwd1.quantileUpperBoundMillis(fwd0, 0.5);
                srvP99 = fwd1.quantileUpperBoundMillis(fwd0, 0.99);
                log(String.format("   server forwarding delay (its receive -> its sendto, /metrics buckets, %d samples during the"
                                + " window): p50 <= %s ms, p99 <= %s ms, p99.9 <= %s ms",
                        fwd1.samplesSince(fwd0), bound(srvP50), bound(srvP99), bound(fwd1.quantileUpperBoundMillis(fwd0, 0.999))));
                log("     by bucket: " + fwd1.distributionSince(fwd0));
            }
            int cores = Runtime.getRuntime().availableProcessors();
            double otherCores = (m1[0] - m0[0]) / (double) ProcStats.HZ / wall - srvCpu / wall - selfCpu / wall;
            log(String.format("   CPU: server %.2f cores (user %.2f, system %.2f), load client %.2f cores (system %.2f), other processes %.2f cores;"
                            + " machine %.0f%% busy of %d cores",
                    srvCpu / wall, srvUser / wall, srvSys / wall, selfCpu / wall, selfSys / wall, Math.max(0, otherCores), machineBusy, cores));
            if (otherCores > 0.1) {
                log(String.format("   WARNING: other processes used %.2f cores during the window; the figures are skewed by them", otherCores));
            }
            if (!thr1.isEmpty()) {
                List<String> top = new ArrayList<>();
                Map<String, Long> byName = new java.util.TreeMap<>();
                for (Map.Entry<Long, ProcStats.ThreadTicks> e : thr1.entrySet()) {
                    ProcStats.ThreadTicks before = thr0.get(e.getKey());
                    long d = e.getValue().ticks() - (before == null ? 0 : before.ticks());
                    String name = e.getValue().name().replaceAll("[0-9]+$", "#");
                    byName.merge(name, d, Long::sum);
                }
                byName.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(6)
                        .forEach(e -> top.add(String.format("%s %.2f", e.getKey(), e.getValue() / (double) ProcStats.HZ / wall)));
                log("   server threads (cores): " + String.join(", ", top));
            }
            log(String.format("   server CPU per forwarded packet: %.2f us (server CPU / packets received by subscribers during the window)", usPerPkt));
            long pongs = live.stream().mapToLong(s -> s.pings).sum();
            long notifies = live.stream().mapToLong(s -> s.notifies).sum();
            long failedLater = live.stream().filter(s -> s.failure != null).count();
            long rtcpIn = 0;
            for (IoLoop l : loops) {
                rtcpIn += l.call(loop -> live.stream().filter(s -> s.loop == loop).mapToLong(s -> s.rtcpReceived).sum())
                        .get(10, TimeUnit.SECONDS);
            }
            long reoffers = live.stream().mapToLong(s -> s.reoffers).sum();
            log(String.format("   signaling: %d notifies, %d re-offers and %d pings received by subscribers; %d subscribers"
                            + " failed after joining; RTCP packets received by subscribers: %d",
                    notifies, reoffers, pongs, failedLater, rtcpIn));
            log(String.format("   whole run: publisher keyframes %d (%d forced by %d PLIs and %d FIRs from the SFU), NACKed %d,"
                            + " retransmitted %d", publisher.keyframes, publisher.forcedKeyframes, publisher.plis, publisher.firs,
                    publisher.nacked, publisher.retransmitted));

            String topThread = "";
            if (!thr1.isEmpty()) {
                long best = -1;
                for (Map.Entry<Long, ProcStats.ThreadTicks> e : thr1.entrySet()) {
                    ProcStats.ThreadTicks before = thr0.get(e.getKey());
                    long d = e.getValue().ticks() - (before == null ? 0 : before.ticks());
                    if (d > best) {
                        best = d;
                        topThread = e.getValue().name() + ":" + String.format("%.2f", d / (double) ProcStats.HZ / wall);
                    }
                }
            }
            log(String.format("RESULT n=%d connected=%d join_s=%.1f server_cores=%.3f server_sys_cores=%.3f client_cores=%.3f other_cores=%.2f machine_busy_pct=%.0f"
                            + " pkt_per_s=%.0f us_per_pkt=%.3f loss_pct=%.4f client_drops=%d p50_ms=%.3f p99_ms=%.3f"
                            + " p999_ms=%.3f max_ms=%.3f top_thread=%s gaps=%d decrypted=%d auth_failures=%d srv_p99_ms=%s"
                            + " p99_read_ms=%.3f arrival_stamps=%d",
                    o.subscribers, n, joinSeconds, srvCpu / wall, srvSys / wall, selfCpu / wall, Math.max(0, otherCores), machineBusy, pktRate, usPerPkt, lossPct,
                    clientDrops1 - clientDrops0, lat.quantileMillis(0.5), lat.quantileMillis(0.99), lat.quantileMillis(0.999),
                    lat.maxMillis(), topThread.replace(' ', '_'), tA.gaps + tV.gaps, tA.decrypted + tV.decrypted,
                    tA.authFailures + tV.authFailures, bound(srvP99), readLat.quantileMillis(0.99), stamped ? 1 : 0));
            if (otherCores <= 0.1 || attempt >= o.windows) return 0;
            log("   (other processes used the CPU during this window: measuring again)");
        }
    }

    private static long stampedSubscribers(List<Subscriber> live) {
        return live.stream().filter(s -> s.fd >= 0).count();
    }

    private static String bound(double millis) {
        return Double.isNaN(millis) ? "n/a" : Double.isInfinite(millis) ? "inf" : String.format("%.2f", millis);
    }

    private boolean connectPublisher(URI sora, String channelId) throws Exception {
        long t0 = System.nanoTime();
        publisher.join(sora, channelId);
        try {
            publisher.connected.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            log("FAILED: the publisher did not connect: " + publisher.failure + " / " + e);
            return false;
        }
        log(String.format("   publisher connected in %.1f s (delta frame %d B, keyframe %d B)",
                (System.nanoTime() - t0) / 1e9, publisher.deltaFrameBytes(), publisher.keyFrameBytes()));
        return true;
    }

    /** Packets received so far by these subscribers, all streams, whole run. */
    private long receivedOnLoops(List<Subscriber> live) throws Exception {
        long sum = 0;
        for (IoLoop l : loops) {
            sum += l.call(loop -> live.stream().filter(s -> s.loop == loop)
                    .mapToLong(s -> s.audio.received + s.video.received).sum()).get(10, TimeUnit.SECONDS);
        }
        return sum;
    }

    /** Sums an int computed on every IO thread. */
    private int countOnLoops(java.util.function.Function<IoLoop, Integer> f) throws Exception {
        int sum = 0;
        List<CompletableFuture<Integer>> fs = new ArrayList<>();
        for (IoLoop l : loops) fs.add(l.call(f));
        for (CompletableFuture<Integer> c : fs) {
            try {
                sum += c.get(5, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                // a loop this busy will answer next time
            }
        }
        return sum;
    }

    private void iceTick() {
        long now = System.nanoTime();
        for (Peer p : peers) {
            try {
                p.iceTick(now);
            } catch (RuntimeException e) {
                p.fail("ICE tick: " + e);
            }
        }
    }

    private JsonNode api(String target, String body) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(options.url + "/"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .header("X-Sora-Target", target)
                .header("Authorization", "Bearer " + options.token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200) throw new IOException(target + " -> " + res.statusCode() + " " + res.body());
        return Peer.JSON.readTree(res.body());
    }

    /** Per-stream totals over subscribers; filled on the IO threads one after the other. */
    static final class Totals {
        long received, bytes, gaps, late, segments, decrypted, authFailures, badPayload, remaps, tableMismatch;
        long minWindow = Long.MAX_VALUE, maxWindow;
        int lossySubscribers;

        synchronized void add(Subscriber.Stream s, long expected) {
            received += s.windowReceived;
            bytes += s.windowBytes;
            gaps += s.gaps;
            late += s.late;
            segments += s.segments;
            decrypted += s.decrypted;
            authFailures += s.authFailures;
            badPayload += s.badPayload;
            remaps += s.remaps;
            tableMismatch += s.tableMismatch;
            minWindow = Math.min(minWindow, s.windowReceived);
            maxWindow = Math.max(maxWindow, s.windowReceived);
            if (s.windowReceived < expected) lossySubscribers++;
        }

        double lossPct(long expected, int n) {
            return expected * n == 0 ? 0 : 100.0 * (expected * n - received) / (expected * n);
        }
    }
}
