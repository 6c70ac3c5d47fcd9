package dev.hibiki.bench.fanout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's own forwarding delay (receive thread's copy → return of sendto, per packet and subscriber), read
 * from the cumulative buckets {@code hibiki_rtp_forward_delay_total{le=…}} on {@code /metrics}. Unlike the
 * client's latency it leaves out both kernels' loopback paths and the load client's own queueing, so the two
 * figures bracket what the SFU adds.
 */
final class ServerForwardDelay {

    private static final Pattern BUCKET =
            Pattern.compile("(?m)^hibiki_rtp_forward_delay_total\\{le=\"([^\"]+)\"} ([0-9.E+]+)$");

    /** Cumulative counts by upper bound (seconds, +Inf last), as scraped at one moment. */
    record Snapshot(List<Double> bounds, List<Double> cumulative) {

        /** The bucket bound below which quantile {@code q} of the samples between {@code before} and this lie. */
        double quantileUpperBoundMillis(Snapshot before, double q) {
            double total = cumulative.getLast() - before.cumulative.getLast();
            if (total <= 0) return Double.NaN;
            for (int i = 0; i < bounds.size(); i++) {
                if (cumulative.get(i) - before.cumulative.get(i) >= q * total) return bounds.get(i) * 1000;
            }
            return Double.POSITIVE_INFINITY;
        }

        /** "≤ 0.25 ms 12.3%, ≤ 0.5 ms …": the share of samples since {@code before} in each bucket. */
        String distributionSince(Snapshot before) {
            double total = cumulative.getLast() - before.cumulative.getLast();
            if (total <= 0) return "no samples";
            StringBuilder out = new StringBuilder();
            double below = 0;
            for (int i = 0; i < bounds.size(); i++) {
                double upTo = cumulative.get(i) - before.cumulative.get(i);
                double share = 100.0 * (upTo - below) / total;
                below = upTo;
                if (share == 0) continue;
                if (!out.isEmpty()) out.append(", ");
                double b = bounds.get(i);
                out.append(Double.isInfinite(b) ? "more" : String.format("<= %s ms", trim(b * 1000)))
                        .append(String.format(" %.3f%%", share));
            }
            return out.toString();
        }

        private static String trim(double millis) {
            return millis == Math.rint(millis) ? Long.toString((long) millis) : Double.toString(millis);
        }

        long samplesSince(Snapshot before) {
            return (long) (cumulative.getLast() - before.cumulative.getLast());
        }
    }

    private ServerForwardDelay() {
    }

    /** Scrapes {@code /metrics}; null when the server does not expose the histogram. */
    static Snapshot scrape(HttpClient http, String baseUrl) {
        try {
            String body = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/metrics")).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            List<double[]> rows = new ArrayList<>();
            Matcher m = BUCKET.matcher(body);
            while (m.find()) {
                double le = m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
                rows.add(new double[] {le, Double.parseDouble(m.group(2))});
            }
            if (rows.isEmpty()) return null;
            rows.sort((a, b) -> Double.compare(a[0], b[0]));
            return new Snapshot(rows.stream().map(r -> r[0]).toList(), rows.stream().map(r -> r[1]).toList());
        } catch (Exception e) {
            return null;
        }
    }
}
