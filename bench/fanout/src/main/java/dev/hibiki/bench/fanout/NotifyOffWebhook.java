package dev.hibiki.bench.fanout;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * An auth webhook that admits everybody with {@code "signaling_notify": false}, the way a large-audience Sora
 * deployment turns off the {@code connection.*} notifies whose number grows with the square of the channel's
 * members (every member is told of every other one's creation, minutes and departure).
 */
final class NotifyOffWebhook {

    private static final byte[] ANSWER = "{\"allowed\":true,\"signaling_notify\":false}".getBytes(StandardCharsets.UTF_8);

    private NotifyOffWebhook() {
    }

    /** Starts the webhook on a loopback port for the life of the JVM; returns its URL. */
    static String start(Consumer<String> log) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/auth", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, ANSWER.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(ANSWER);
            }
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/auth";
        log.accept("   auth webhook " + url + " answers signaling_notify: false");
        return url;
    }
}
