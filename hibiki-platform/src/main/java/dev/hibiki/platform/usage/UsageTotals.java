package dev.hibiki.platform.usage;

import java.util.LinkedHashMap;
import java.util.Map;

/** Usage over a time range, for one channel or a whole token: what ImageFlux_20180601.Stats returns. */
public final class UsageTotals {

    private final Map<String, Double> secondsByRole = new LinkedHashMap<>();
    private long connections;
    private long bytesReceived;
    private long bytesSent;
    private long hlsBytesServed;

    public UsageTotals() {
        for (String role : new String[]{"sendrecv", "sendonly", "recvonly"}) secondsByRole.put(role, 0.0);
    }

    void addConnection(String role, double seconds, long received, long sent) {
        secondsByRole.merge(role, seconds, Double::sum);
        connections++;
        bytesReceived += received;
        bytesSent += sent;
    }

    void addHls(long bytes) {
        hlsBytesServed += bytes;
    }

    void add(UsageTotals other) {
        other.secondsByRole.forEach((role, s) -> secondsByRole.merge(role, s, Double::sum));
        connections += other.connections;
        bytesReceived += other.bytesReceived;
        bytesSent += other.bytesSent;
        hlsBytesServed += other.hlsBytesServed;
    }

    /** The JSON shape of the Stats API (docs/API.md). */
    public Map<String, Object> toJson() {
        Map<String, Object> minutes = new LinkedHashMap<>();
        double total = 0;
        for (Map.Entry<String, Double> e : secondsByRole.entrySet()) {
            minutes.put(e.getKey(), round(e.getValue() / 60.0));
            total += e.getValue();
        }
        minutes.put("total", round(total / 60.0));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("connection_minutes", minutes);
        out.put("connections", connections);
        out.put("bytes_received", bytesReceived);
        out.put("bytes_sent", bytesSent);
        out.put("hls_bytes_served", hlsBytesServed);
        return out;
    }

    private static double round(double minutes) {
        return Math.round(minutes * 1000.0) / 1000.0;
    }

}
