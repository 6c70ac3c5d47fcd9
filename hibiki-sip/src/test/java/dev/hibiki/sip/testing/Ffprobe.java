package dev.hibiki.sip.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Reads a live RTMP stream for a few seconds with ffprobe and reports what it saw. */
public final class Ffprobe {

    /**
     * @param codecs       codec name of each stream (such as aac, h264)
     * @param audioPackets audio packets read
     * @param audioSpan    seconds between the first and the last audio packet read
     * @param videoPackets video packets read
     */
    public record LiveProbe(List<String> codecs, int audioPackets, double audioSpan, int videoPackets, int exitCode,
                            String output) {
    }

    private Ffprobe() {
    }

    /** The mean volume (dBFS) of {@code seconds} of the live stream's audio, decoded by ffmpeg's volumedetect. */
    public static double meanVolume(String url, int seconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "info", "-rw_timeout", "4000000", "-i", url, "-t",
                Integer.toString(seconds), "-vn", "-af", "volumedetect", "-f", "null", "-").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(seconds + 20L, TimeUnit.SECONDS);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("mean_volume: (-?[0-9.]+) dB").matcher(text);
        if (!m.find()) throw new AssertionError("no volume measured: " + text);
        return Double.parseDouble(m.group(1));
    }

    /** The decode times (seconds) of the video packets read from {@code seconds} of the live stream, in stream order. */
    public static List<Double> videoDecodeTimes(String url, int seconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-rw_timeout", "4000000", "-read_intervals",
                "%+" + seconds, "-select_streams", "v", "-show_entries", "packet=dts_time", "-of", "csv=p=0", url)
                .redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(seconds + 20L, TimeUnit.SECONDS)) p.destroyForcibly();
        List<Double> times = new ArrayList<>();
        for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
            String t = line.strip().replaceAll(",+$", "");
            if (t.matches("-?[0-9]+(\\.[0-9]+)?")) times.add(Double.parseDouble(t));
        }
        return times;
    }

    public static LiveProbe live(String url, int seconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-rw_timeout", "4000000", "-read_intervals",
                "%+" + seconds, "-show_entries", "stream=codec_name,codec_type:packet=codec_type,pts_time", "-of", "csv=p=0",
                url).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(seconds + 20L, TimeUnit.SECONDS)) p.destroyForcibly();
        String text = new String(out, StandardCharsets.UTF_8);
        List<String> codecs = new ArrayList<>();
        int audio = 0;
        int video = 0;
        double first = Double.NaN;
        double last = Double.NaN;
        for (String line : text.split("\n")) {
            String[] f = line.strip().split(",");
            if (f.length == 2 && (f[0].equals("audio") || f[0].equals("video")) && f[1].matches("-?[0-9.]+")) {
                if (f[0].equals("audio")) {
                    audio++;
                    double t = Double.parseDouble(f[1]);
                    if (Double.isNaN(first)) first = t;
                    last = t;
                } else {
                    video++;
                }
            } else if (f.length == 2 && (f[1].equals("audio") || f[1].equals("video"))) {
                codecs.add(f[0]);
            }
        }
        return new LiveProbe(codecs, audio, Double.isNaN(first) ? 0 : last - first, video, p.exitValue(), text);
    }
}
