package dev.hibiki.server.cli;

import dev.hibiki.server.HibikiServer;
import dev.hibiki.platform.cli.ConfigOptions;
import dev.hibiki.platform.cli.Logging;
import dev.hibiki.server.config.HibikiConfig;
import dev.hibiki.platform.http.PublicUrls;
import dev.hibiki.platform.token.IssuedToken;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "serve", description = "Start Hibiki and serve until SIGTERM or Ctrl-C.", mixinStandardHelpOptions = true)
public final class ServeCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws InterruptedException {
        HibikiConfig cfg = HibikiConfig.from(config.load());
        HibikiServer server = HibikiServer.start(cfg);
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM/SIGINT stop the server *before* the JVM shuts down: shutdown hooks run concurrently, and H2's
        // own hook (needed by AUTO_SERVER) would close the database under requests still in flight.
        Runnable stop = () -> {
            try {
                server.close();
            } finally {
                stopped.countDown();
            }
        };
        for (String name : new String[] {"TERM", "INT"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> new Thread(stop, "hibiki-stop").start());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } finally {
                Logging.flush();
            }
        }, "hibiki-shutdown"));
        printBanner(System.out, server.urls(), server);
        stopped.await();
        return 0;
    }

    private static void printBanner(PrintStream out, PublicUrls urls, HibikiServer server) {
        String base = urls.httpBase();
        out.println("Hibiki is running.");
        out.println("  API (ImageFlux / Sora):  " + base + "/   (POST with an X-Sora-Target header)");
        out.println("  Sora signaling:          " + urls.signalingUrl() + "   (media on UDP port " + server.mediaPort() + ")");
        out.println("  Demo pages:              " + base + "/demo/");
        out.println("  Health:                  " + base + "/health");
        out.println("  Metrics:                 " + base + "/metrics");
        server.initialToken().ifPresent(t -> printInitialToken(out, base, t));
        out.flush();
    }

    private static void printInitialToken(PrintStream out, String base, IssuedToken t) {
        out.println();
        out.println("First start: created the access token \"" + t.token().name() + "\" (id " + t.token().id() + ").");
        out.println("It is shown only this once; store it now. More tokens: bin/hibiki token create --name NAME");
        out.println();
        out.println("  ACCESS_TOKEN=" + t.secret());
        out.println();
        out.println("Create a channel:");
        out.println("  curl -XPOST -H \"Content-Type: application/json\" -H \"X-Sora-Target: ImageFlux_20180905.CreateChannel\" \\");
        out.println("    -H \"Authorization: Bearer ${ACCESS_TOKEN}\" \\");
        out.println("    -d '{\"hls\":[{\"durationSeconds\":1,\"startTimeOffset\":-2,\"video\":{\"width\":640,\"height\":360,\"fps\":30,\"bps\":500000},\"audio\":{\"bps\":96000}}]}' \\");
        out.println("    " + base + "/");
    }
}
