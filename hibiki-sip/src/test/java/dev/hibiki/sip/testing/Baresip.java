package dev.hibiki.sip.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * baresip (with baresip-ffmpeg) as a video far end: answers every call at once with PCMU (a tone from a WAV file) and H.264
 * (libx264 encoding baresip's fakevideo pattern), without registering or authenticating.
 */
public final class Baresip implements AutoCloseable {
    private final Path dir;
    private final Process process;
    private final int port;

    public Baresip() throws IOException, InterruptedException {
        dir = Files.createTempDirectory("hibiki-baresip");
        port = FreePorts.udpAndTcp();
        Path wav = dir.resolve("tone.wav");
        Process ff = new ProcessBuilder("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                "sine=frequency=440:sample_rate=8000:duration=30", "-ac", "1", "-ar", "8000", "-c:a", "pcm_s16le",
                wav.toString()).redirectErrorStream(true).start();
        if (!ff.waitFor(30, TimeUnit.SECONDS) || ff.exitValue() != 0) throw new IOException("ffmpeg could not make the tone");
        Files.writeString(dir.resolve("config"), """
                poll_method		epoll
                sip_listen		127.0.0.1:%d
                net_interface		127.0.0.1
                audio_source		aufile,%s
                video_source		fakevideo,nil
                video_display		fakevideo,nil
                video_size		320x240
                video_bitrate		300000
                video_fps		15
                module_path		/usr/lib/baresip/modules
                module			g711.so
                module			aufile.so
                module			avcodec.so
                module			fakevideo.so
                module			account.so
                """.formatted(port, wav));
        Files.writeString(dir.resolve("accounts"),
                "<sip:bob@127.0.0.1>;regint=0;answermode=auto;audio_codecs=PCMU\n");
        process = new ProcessBuilder("baresip", "-f", dir.toString(), "-v", "-s").redirectErrorStream(true)
                .redirectOutput(dir.resolve("baresip.out").toFile()).start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IOException("baresip exited: " + output());
            if (output().contains("baresip is ready")) return;
            Thread.sleep(50);
        }
        throw new IOException("baresip did not start: " + output());
    }

    /** Freezes baresip (SIGSTOP): from now on it sends no RTP at all, as a far end whose media paused. */
    public void pause() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** Lets a {@link #pause paused} baresip run on (SIGCONT). */
    public void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).redirectErrorStream(true).start();
        if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) throw new IOException("kill " + signal + " failed");
    }

    public int port() {
        return port;
    }

    public String output() {
        try {
            return Files.readString(dir.resolve("baresip.out"));
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            resume(); // a stopped process does not act on SIGTERM until it runs again
        } catch (IOException e) {
            // exited already
        }
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        TempDirs.delete(dir);
    }
}
