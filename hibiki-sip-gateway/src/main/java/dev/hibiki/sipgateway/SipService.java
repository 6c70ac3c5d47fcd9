package dev.hibiki.sipgateway;

import dev.hibiki.net.OutboundAddressPolicy;
import dev.hibiki.sipgateway.SipSettings;
import dev.hibiki.platform.http.BearerAuthenticator;
import dev.hibiki.platform.webhook.EventWebhookSender;
import dev.hibiki.ice.HostCandidates;
import dev.hibiki.sip.CallStatus;
import dev.hibiki.sip.GatewaySettings;
import dev.hibiki.sip.SipGateway;
import io.javalin.config.JavalinConfig;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;

/**
 * The SIP→RTMP gateway inside Hibiki: starts the user agent and serves its API. A SIP port that cannot be bound
 * does not stop the server; the call API answers 503 and says why.
 */
public final class SipService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SipService.class);

    private final SipGateway gateway;
    private final SipCallApi api;
    private final SipAppService apps;

    public SipService(SipSettings settings, Jdbi jdbi, BearerAuthenticator auth, EventWebhookSender webhooks) {
        SipCallbacks callbacks = new SipCallbacks(webhooks);
        InetAddress address = settings.address() != null ? settings.address() : defaultAddress();
        OutboundAddressPolicy outbound = settings.policy();
        SipGateway started = null;
        String problem = null;
        try {
            started = SipGateway.start(new GatewaySettings(address, settings.port(), settings.rtpPortMin(),
                    settings.rtpPortMax(), settings.rtpTimeout(), Duration.ofSeconds(300), outbound), callbacks);
        } catch (IOException e) {
            problem = e.getMessage();
            LOG.error("SIP gateway not started: {}", problem);
        }
        this.gateway = started;
        this.apps = new SipAppService(jdbi);
        this.api = new SipCallApi(auth, apps, started, problem, callbacks, outbound);
    }

    private static InetAddress defaultAddress() {
        for (InetAddress a : HostCandidates.interfaceAddresses(false)) {
            if (a instanceof Inet4Address) return a;
        }
        return InetAddress.getLoopbackAddress();
    }

    public void register(JavalinConfig cfg) {
        api.register(cfg);
    }

    public SipAppService apps() {
        return apps;
    }

    /** The SIP port, or -1 when the gateway is not running. */
    public int sipPort() {
        return gateway == null ? -1 : gateway.sipPort();
    }

    /**
     * Calls by status ({@code hibiki.sip.calls}: those in progress, and the ended ones the gateway keeps for find,
     * 10 minutes) and calls placed since start ({@code hibiki.sip.calls.started}).
     */
    public void bindMetrics(MeterRegistry metrics) {
        for (CallStatus status : CallStatus.values()) {
            Gauge.builder("hibiki.sip.calls", this, s -> s.callsIn(status)).tag("status", status.name())
                    .description("SIP gateway calls by status; FINISHED and FAILED ones stay counted for 10 minutes")
                    .register(metrics);
        }
        FunctionCounter.builder("hibiki.sip.calls.started", api, SipCallApi::callsStarted)
                .description("SIP gateway calls placed through the API since start").register(metrics);
    }

    private double callsIn(CallStatus status) {
        if (gateway == null) return 0;
        return gateway.findAll().stream().filter(c -> c.status() == status).count();
    }

    /** Hangs up every call and stops the user agent. */
    @Override
    public void close() {
        if (gateway != null) gateway.close();
    }
}
