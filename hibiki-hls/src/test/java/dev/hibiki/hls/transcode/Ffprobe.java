package dev.hibiki.hls.transcode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code ffprobe} (Debian's ffmpeg package) and parses its compact output. */
final class Ffprobe {
    private Ffprobe() {
    }

    static boolean available() {
        try {
            Process p = new ProcessBuilder("ffprobe", "-version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** One map per stream: codec_type, codec_name, profile, width, height, r_frame_rate, sample_rate, channels. */
    static List<Map<String, String>> streams(Path file) {
        return run(file, "stream=index,codec_type,codec_name,profile,width,height,r_frame_rate,sample_rate,channels");
    }

    /** One map per packet: codec_type, stream_index, pts, size, pos, flags. */
    static List<Map<String, String>> packets(Path file) {
        return run(file, "packet=codec_type,stream_index,pts,size,pos,flags");
    }

    private static List<Map<String, String>> run(Path file, String entries) {
        boolean packets = entries.startsWith("packet");
        List<String> cmd = List.of("ffprobe", "-v", "error", packets ? "-show_packets" : "-show_streams",
                "-show_entries", entries, "-of", "compact=p=0", file.toString());
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("ffprobe failed on " + file);
            }
            List<Map<String, String>> rows = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (line.isBlank()) continue;
                Map<String, String> row = new LinkedHashMap<>();
                for (String field : line.split("\\|")) {
                    int eq = field.indexOf('=');
                    if (eq > 0) row.put(field.substring(0, eq), field.substring(eq + 1).trim());
                }
                rows.add(row);
            }
            return rows;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
