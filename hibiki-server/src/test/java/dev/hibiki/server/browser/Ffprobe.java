package dev.hibiki.server.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** ffprobe (Debian package ffmpeg) on a file: streams, format and packets as JSON. */
final class Ffprobe {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Ffprobe() {
    }

    static JsonNode probe(Path file) {
        try {
            Process p = new ProcessBuilder("ffprobe", "-v", "error", "-show_streams", "-show_format", "-show_packets",
                    "-of", "json", file.toString()).redirectErrorStream(false).start();
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes());
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("ffprobe failed on " + file + ": " + err);
            }
            return JSON.readTree(out);
        } catch (IOException e) {
            throw new AssertionError("cannot run ffprobe", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static JsonNode stream(JsonNode probe, String codecType) {
        for (JsonNode s : probe.get("streams")) {
            if (codecType.equals(s.path("codec_type").asText())) return s;
        }
        throw new AssertionError("no " + codecType + " stream in " + probe.get("streams"));
    }

    /**
     * Times (seconds, stream pts) at which a per-frame measure of a lavfi filter first rises above {@code threshold}
     * after being below it: e.g. {@code ("movie", "signalstats", "lavfi.signalstats.YAVG", 128)} finds white
     * flashes, {@code ("amovie", "astats=metadata=1:reset=1", "lavfi.astats.Overall.RMS_level", -30)} beeps.
     */
    static java.util.List<Double> onsets(Path file, String source, String filter, String tag, double threshold) {
        try {
            Process p = new ProcessBuilder("ffprobe", "-v", "error", "-f", "lavfi", "-i",
                    source + "=" + file + "," + filter, "-show_entries", "frame=pts_time:frame_tags=" + tag,
                    "-of", "csv=p=0").start();
            String out = new String(p.getInputStream().readAllBytes());
            String err = new String(p.getErrorStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("ffprobe " + filter + " failed: " + err);
            }
            java.util.List<Double> onsets = new java.util.ArrayList<>();
            boolean above = true; // an onset needs a quiet/dark frame before it
            for (String line : out.split("\n")) {
                String[] f = line.trim().split(",");
                if (f.length < 2 || f[0].isEmpty() || f[1].isEmpty()) continue;
                double value = f[1].equals("-inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(f[1]);
                boolean now = value > threshold;
                if (now && !above) onsets.add(Double.parseDouble(f[0]));
                above = now;
            }
            return onsets;
        } catch (IOException e) {
            throw new AssertionError("cannot run ffprobe", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** What ffmpeg reports while decoding every frame of the file (empty when it decodes cleanly). */
    static String decodeErrors(Path file) {
        try {
            Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-i", file.toString(), "-f", "null", "-")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS)) throw new AssertionError("ffmpeg did not finish");
            return p.exitValue() == 0 ? out.trim() : "exit " + p.exitValue() + ": " + out;
        } catch (IOException e) {
            throw new AssertionError("cannot run ffmpeg", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Bytes of the packets of one stream (by index). */
    static long packetBytes(JsonNode probe, int streamIndex) {
        long sum = 0;
        for (JsonNode p : probe.path("packets")) {
            if (p.path("stream_index").asInt() == streamIndex) sum += p.path("size").asLong();
        }
        return sum;
    }
}
