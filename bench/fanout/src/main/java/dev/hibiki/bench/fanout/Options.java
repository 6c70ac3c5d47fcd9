package dev.hibiki.bench.fanout;

import java.util.HashMap;
import java.util.Map;

/** Command-line options: {@code --name value} pairs. */
final class Options {
    String url;
    String token = System.getenv("ACCESS_TOKEN");
    int subscribers = 50;
    long serverPid = -1;
    int durationSeconds = 20;
    int warmupSeconds = 5;
    int threads = 2;
    int videoKbps = 1500;
    int fps = 30;
    int keyframeSeconds = 2;
    int decryptEvery = 1;
    int windows = 1;
    boolean publisherLast;
    double pacingFactor = 2.5;
    int joinParallel = 16;
    int joinTimeoutSeconds = 300;
    int readyTimeoutSeconds = 30;
    int clientRcvbuf = 0;
    boolean notify = true;
    boolean arrivalStamps = true;
    /** Subscribers reach the server through its embedded TURN server (one allocation and channel each). */
    boolean relay;
    String label = "";
    String jfr;

    static Options parse(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || i + 1 >= args.length) throw new IllegalArgumentException("bad argument: " + a);
            m.put(a.substring(2), args[++i]);
        }
        Options o = new Options();
        o.url = m.remove("url");
        if (m.containsKey("token")) o.token = m.remove("token");
        o.subscribers = i(m, "subscribers", o.subscribers);
        o.serverPid = i(m, "server-pid", (int) o.serverPid);
        o.durationSeconds = i(m, "duration", o.durationSeconds);
        o.warmupSeconds = i(m, "warmup", o.warmupSeconds);
        o.threads = i(m, "threads", o.threads);
        o.videoKbps = i(m, "video-kbps", o.videoKbps);
        o.fps = i(m, "fps", o.fps);
        o.keyframeSeconds = i(m, "keyframe-seconds", o.keyframeSeconds);
        o.decryptEvery = Math.max(1, i(m, "decrypt-every", o.decryptEvery));
        o.publisherLast = i(m, "publisher-last", 0) != 0;
        o.windows = Math.max(1, i(m, "windows", o.windows));
        o.joinParallel = Math.max(1, i(m, "join-parallel", o.joinParallel));
        o.joinTimeoutSeconds = i(m, "join-timeout", o.joinTimeoutSeconds);
        o.readyTimeoutSeconds = i(m, "ready-timeout", o.readyTimeoutSeconds);
        o.clientRcvbuf = i(m, "client-rcvbuf", o.clientRcvbuf);
        o.notify = i(m, "notify", 1) != 0;
        o.arrivalStamps = i(m, "arrival-stamps", 1) != 0;
        o.relay = i(m, "relay", 0) != 0;
        if (m.containsKey("label")) o.label = m.remove("label");
        o.jfr = m.remove("jfr");
        if (m.containsKey("pacing-factor")) o.pacingFactor = Double.parseDouble(m.remove("pacing-factor"));
        if (!m.isEmpty()) throw new IllegalArgumentException("unknown options: " + m.keySet());
        if (o.url == null) throw new IllegalArgumentException("--url http://127.0.0.1:PORT is required");
        if (o.token == null || o.token.isEmpty()) throw new IllegalArgumentException("--token or ACCESS_TOKEN is required");
        return o;
    }

    private static int i(Map<String, String> m, String key, int dflt) {
        String v = m.remove(key);
        return v == null ? dflt : Integer.parseInt(v);
    }
}
