package dev.hibiki.sip.bench;

import dev.hibiki.sip.CallRequest;
import dev.hibiki.sip.CallSnapshot;
import dev.hibiki.sip.CallStatus;
import dev.hibiki.sip.GatewaySettings;
import dev.hibiki.sip.RtmpState;
import dev.hibiki.sip.SipAccount;
import dev.hibiki.sip.SipGateway;
import dev.hibiki.sip.SipTransport;
import dev.hibiki.sip.testing.Ffprobe;
import dev.hibiki.sip.testing.NginxRtmp;
import dev.hibiki.sip.testing.Sipp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How many concurrent audio calls the gateway transcodes to RTMP in real time. Real peers: sipp (digest auth,
 * one G.711 stream per call) and nginx-rtmp, all on this machine. Calls are placed at {@code rate} per second;
 * once all are up, the gateway's CPU (its JVM, from /proc) is measured over {@code seconds}, and every call's AAC
 * output is checked to have kept pace with the clock (8000/1024 frames per second).
 *
 * <p>Arguments: calls [seconds [rate]]. Prints one result line per run; exits 1 when a call failed or fell behind.
 */
public final class GatewayBench {
    private static final double AAC_FRAMES_PER_SECOND = 8000.0 / 1024;

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        boolean ok;
        try (NginxRtmp nginx = new NginxRtmp();
             Sipp sipp = new Sipp(Sipp.AfterAnswer.WAIT_FOR_BYE, 0, 0, "udp");
             SipGateway gateway = SipGateway.start(GatewaySettings.loopback(Duration.ofSeconds(10)), c -> { })) {
            ok = run(calls, seconds, rate, nginx, sipp, gateway);
        }
        System.exit(ok ? 0 : 1);
    }

    private static boolean run(int calls, int seconds, int rate, NginxRtmp nginx, Sipp sipp, SipGateway gateway)
            throws Exception {
        SipAccount account = new SipAccount(Sipp.USER, Sipp.PASSWORD, Sipp.USER, "127.0.0.1", null, sipp.port(), false,
                SipTransport.UDP);
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            gateway.startCall(new CallRequest("b" + i, "service", nginx.appUrl(), "bench" + i, false, false, null, account));
            long due = start + (i + 1) * 1_000_000_000L / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline && !allPublishing(gateway, calls)) Thread.sleep(100);
        if (!allPublishing(gateway, calls)) {
            System.out.println("not every call reached RTMP: " + summary(gateway.findAll()));
            return false;
        }
        Thread.sleep(3000); // let the last calls settle
        List<CallSnapshot> before = gateway.findAll();
        long cpuBefore = processCpuTicks();
        long t0 = System.nanoTime();
        long[] others0 = {pidCpu(ProcessHandle.current().pid(), "sipp"), pidCpu(0, "nginx")};
        Thread.sleep(seconds * 1000L);
        long cpuAfter = processCpuTicks();
        double elapsed = (System.nanoTime() - t0) / 1e9;
        long[] others1 = {pidCpu(ProcessHandle.current().pid(), "sipp"), pidCpu(0, "nginx")};
        List<CallSnapshot> after = gateway.findAll();

        double cores = (cpuAfter - cpuBefore) / 100.0 / elapsed; // clock ticks are 1/100 s on Linux
        int behind = 0;
        double worstRatio = Double.MAX_VALUE;
        long lost = 0;
        long packets = 0;
        long reconnects = 0;
        List<Long> setup = new ArrayList<>();
        for (int i = 0; i < after.size(); i++) {
            CallSnapshot a = after.get(i);
            CallSnapshot b = before.stream().filter(x -> x.callId().equals(a.callId())).findFirst().orElseThrow();
            double ratio = (a.media().aacFrames() - b.media().aacFrames()) / elapsed / AAC_FRAMES_PER_SECOND;
            worstRatio = Math.min(worstRatio, ratio);
            if (ratio < 0.98 || a.status() != CallStatus.ESTABLISHED) behind++;
            lost += a.media().rtpLost() - b.media().rtpLost();
            packets += a.media().rtpPackets() - b.media().rtpPackets();
            reconnects += a.media().rtmpReconnects();
            setup.add(a.setupMillis());
        }
        setup.sort(null);
        Ffprobe.LiveProbe probe = Ffprobe.live(nginx.appUrl() + "/bench" + (calls - 1), 2);
        System.out.printf(Locale.ROOT,
                "calls=%d  gateway_cpu=%.2f cores (%.2f%% of a core per call)  sipp_cpu=%.2f  nginx_cpu=%.2f  "
                        + "rtp_in=%.1f packets/s per call  realtime_worst=%.3f  behind=%d  rtp_lost_in_window=%d  rtmp_reconnects=%d  "
                        + "setup_ms p50=%d p95=%d max=%d  last_stream=%s span=%.1fs%n",
                calls, cores, 100 * cores / calls, (others1[0] - others0[0]) / 100.0 / elapsed,
                (others1[1] - others0[1]) / 100.0 / elapsed, packets / elapsed / calls, worstRatio, behind, lost, reconnects,
                setup.get(setup.size() / 2), setup.get((int) (setup.size() * 0.95)), setup.getLast(), probe.codecs(),
                probe.audioSpan());
        for (CallSnapshot c : after) gateway.terminate(c.callId());
        return behind == 0 && probe.codecs().contains("aac");
    }

    private static boolean allPublishing(SipGateway gateway, int calls) {
        List<CallSnapshot> all = gateway.findAll();
        return all.size() == calls && all.stream().allMatch(c -> c.rtmpState() == RtmpState.PUBLISHING && c.setupMillis() >= 0);
    }

    private static String summary(List<CallSnapshot> all) {
        StringBuilder b = new StringBuilder();
        for (CallSnapshot c : all) {
            if (c.rtmpState() != RtmpState.PUBLISHING) b.append(c.callId()).append('=').append(c.status()).append('/')
                    .append(c.rtmpState()).append('/').append(c.reason()).append(' ');
        }
        return b.toString();
    }

    /** utime + stime of this JVM, in clock ticks. */
    private static long processCpuTicks() throws IOException {
        return ticks(Path.of("/proc/self/stat"));
    }

    private static long ticks(Path stat) throws IOException {
        String s = Files.readString(stat);
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** CPU ticks of every process whose command is {@code name}. */
    private static long pidCpu(long unused, String name) {
        long total = 0;
        for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
            if (p.info().command().map(c -> c.endsWith("/" + name)).orElse(false)) {
                try {
                    total += ticks(Path.of("/proc/" + p.pid() + "/stat"));
                } catch (IOException | RuntimeException e) {
                    // gone
                }
            }
        }
        return total;
    }
}
