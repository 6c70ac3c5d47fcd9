package dev.hibiki.platform.webhook;

import dev.hibiki.net.DestinationNotAllowedException;
import dev.hibiki.net.OutboundAddressPolicy;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The HTTP/1.1 JSON POST that both webhooks make (Sora's auth and event webhooks), through Jetty's client: unlike
 * the JDK's, it lets {@link CheckedAddressResolver} hand it the addresses to connect to, so a tenant's webhook
 * connects to the address the {@link OutboundAddressPolicy} checked and nowhere else (for {@code https} too: the
 * name stays in the Host header, the TLS server name and the certificate check).
 */
public final class WebhookHttp implements AutoCloseable {

    /** Responses larger than this are cut: an auth decision is small, and an event's response is ignored. */
    public static final int MAX_RESPONSE_BYTES = 64 * 1024;

    private final Duration timeout;
    private final HttpClient tenantClient;
    private final HttpClient operatorClient;

    /** @param tenantPolicy where a tenant's webhook may connect */
    public WebhookHttp(Duration timeout, OutboundAddressPolicy tenantPolicy) {
        this(timeout, tenantPolicy, SslContextFactory.Client::new);
    }

    /** @param tls the TLS settings of each client (the JDK's trusted certificate authorities, host names checked) */
    public WebhookHttp(Duration timeout, OutboundAddressPolicy tenantPolicy, Supplier<SslContextFactory.Client> tls) {
        this.timeout = timeout;
        this.tenantClient = start(timeout, tenantPolicy, tls.get());
        this.operatorClient = tenantPolicy.allowsPrivateNetworks() ? tenantClient
                : start(timeout, OutboundAddressPolicy.allowingPrivateNetworks(), tls.get());
    }

    private static HttpClient start(Duration timeout, OutboundAddressPolicy policy, SslContextFactory.Client tls) {
        VirtualThreadPool threads = new VirtualThreadPool();
        threads.setName("webhook-http");
        HttpClient client = new HttpClient();
        client.setSslContextFactory(tls);
        client.setExecutor(threads);
        client.setSocketAddressResolver(new CheckedAddressResolver(policy, threads));
        client.setConnectTimeout(timeout.toMillis());
        // a kept-alive connection to a receiver is closed after this long unused (never during a call in time)
        client.setIdleTimeout(Math.max(30_000, timeout.toMillis()));
        client.setFollowRedirects(false);
        // receivers of different tenants share this client: none may see another's cookies
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "Hibiki"));
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("webhook HTTP client did not start", e);
        }
        return client;
    }

    public record Response(int status, String body) {
    }

    /**
     * Completes with the response, or exceptionally on a connection error, after the timeout, or with a
     * {@link DestinationNotAllowedException} when a tenant's URL is, or resolves to, a private
     * network address the operator does not allow.
     *
     * @param tenantUrl whether a tenant chose the URL (checked against the policy); false for URLs the operator
     *                  configured
     */
    public CompletableFuture<Response> post(URI url, byte[] json, String connectionIdHeader, boolean tenantUrl) {
        CompletableFuture<Response> result = new CompletableFuture<>();
        Request request = (tenantUrl ? tenantClient : operatorClient).newRequest(url)
                .method(HttpMethod.POST)
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .body(new BytesRequestContent("application/json", json));
        if (connectionIdHeader != null) request.headers(h -> h.put("sora-connection-id", connectionIdHeader));
        request.send(new CappedResponse(result));
        return result.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Keeps the first {@link #MAX_RESPONSE_BYTES} of the body and reads past the rest. */
    private static final class CappedResponse implements org.eclipse.jetty.client.Response.Listener {
        private final CompletableFuture<Response> result;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();

        CappedResponse(CompletableFuture<Response> result) {
            this.result = result;
        }

        @Override
        public void onContent(org.eclipse.jetty.client.Response response, ByteBuffer content) {
            int room = MAX_RESPONSE_BYTES - body.size();
            int n = Math.min(room, content.remaining());
            for (int i = 0; i < n; i++) body.write(content.get());
        }

        @Override
        public void onComplete(Result outcome) {
            if (outcome.isFailed()) {
                result.completeExceptionally(outcome.getFailure());
            } else {
                result.complete(new Response(outcome.getResponse().getStatus(),
                        body.toString(StandardCharsets.UTF_8)));
            }
        }
    }

    /** The policy's refusal among the causes of a failed post, or null when it failed otherwise. */
    public static DestinationNotAllowedException notAllowed(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DestinationNotAllowedException refused) return refused;
        }
        return null;
    }

    @Override
    public void close() {
        for (HttpClient c : new HttpClient[] {tenantClient, operatorClient}) {
            try {
                c.stop();
            } catch (Exception e) {
                // stopping: nothing left to do with a client that does not stop cleanly
            }
        }
    }
}
