package dev.hibiki.sip.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real RTMP server for tests: nginx with libnginx-mod-rtmp in the foreground on a free loopback port, with a
 * throwaway configuration; {@code rtmp://127.0.0.1:PORT/live/STREAM} publishes and plays.
 */
public final class NginxRtmp implements AutoCloseable {
    private final Path dir;
    private Process process;
    private final int port;

    public NginxRtmp() throws IOException, InterruptedException {
        dir = Files.createTempDirectory("hibiki-nginx");
        port = FreePorts.udpAndTcp();
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, """
                load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;
                daemon off;
                master_process off;
                pid %s/nginx.pid;
                error_log %s/error.log info;
                events { worker_connections 1024; }
                rtmp {
                  log_format publishes '$command $app $name $tcurl';
                  access_log %s/access.log publishes;
                  server {
                    listen 127.0.0.1:%d;
                    application live { live on; record off; }
                  }
                }
                """.formatted(dir, dir, dir, port));
        launch();
    }

    private void launch() throws IOException, InterruptedException {
        Path conf = dir.resolve("nginx.conf");
        process = new ProcessBuilder(List.of("nginx", "-e", dir.resolve("error.log").toString(), "-p", dir.toString(),
                "-c", conf.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IOException("nginx exited: " + log());
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        close();
        throw new IOException("nginx did not listen on " + port + ": " + log());
    }

    /** Kills the server (publishers see their connection break) and starts it again on the same port. */
    public void restart(java.time.Duration down) throws IOException, InterruptedException {
        process.destroyForcibly().waitFor();
        Thread.sleep(down.toMillis());
        launch();
    }

    public int port() {
        return port;
    }

    /** {@code rtmp://127.0.0.1:PORT/live} */
    public String appUrl() {
        return "rtmp://127.0.0.1:" + port + "/live";
    }

    /** One line per finished session: command, application, stream name and the client's tcUrl. */
    public String accessLog() {
        try {
            return Files.readString(dir.resolve("access.log"));
        } catch (IOException e) {
            return "";
        }
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("error.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        TempDirs.delete(dir);
    }
}
