package dev.hibiki.server.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The HTTP/1.1 JSON POST that both webhooks make (Sora's auth and event webhooks). */
final class WebhookHttp implements AutoCloseable {

    /** Responses larger than this are cut: an auth decision is small, and an event's response is ignored. */
    static final int MAX_RESPONSE_BYTES = 64 * 1024;

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client;
    private final Duration timeout;
    private final WebhookTargets targets;

    WebhookHttp(Duration timeout, WebhookTargets targets) {
        this.timeout = timeout;
        this.targets = targets;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    record Response(int status, String body) {
    }

    /**
     * Completes with the response, or exceptionally on a connection error, after the timeout, or with a
     * {@link WebhookTargets.PrivateTargetException} when a tenant's URL points to a private network.
     *
     * @param tenantUrl whether a tenant chose the URL (checked against {@link WebhookTargets}); false for URLs the
     *                  operator configured
     */
    CompletableFuture<Response> post(URI url, byte[] json, String connectionIdHeader, boolean tenantUrl) {
        if (!tenantUrl || targets.allowsPrivateNetworks()) return send(url, json, connectionIdHeader);
        return CompletableFuture.runAsync(() -> {
                    try {
                        targets.check(url);
                    } catch (WebhookTargets.PrivateTargetException e) {
                        throw new java.util.concurrent.CompletionException(e);
                    } catch (java.net.UnknownHostException e) {
                        throw new java.util.concurrent.CompletionException(
                                new java.net.ConnectException("unknown host " + url.getHost()));
                    }
                }, executor)
                .thenCompose(ignored -> send(url, json, connectionIdHeader))
                .orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private CompletableFuture<Response> send(URI url, byte[] json, String connectionIdHeader) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Hibiki")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json));
        if (connectionIdHeader != null) request.header("sora-connection-id", connectionIdHeader);
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream())
                .thenApply(r -> {
                    try (var in = r.body()) {
                        byte[] body = in.readNBytes(MAX_RESPONSE_BYTES);
                        return new Response(r.statusCode(), new String(body, StandardCharsets.UTF_8));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })
                .orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
