package dev.hibiki.sipgateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hibiki.net.OutboundAddressPolicy;
import dev.hibiki.platform.http.ApiException;
import dev.hibiki.platform.http.BearerAuthenticator;
import dev.hibiki.platform.http.ErrorCode;
import dev.hibiki.platform.http.JsonBodyReader;
import dev.hibiki.platform.http.JsonResponses;
import dev.hibiki.sip.CallConflictException;
import dev.hibiki.sip.CallSnapshot;
import dev.hibiki.sip.SipGateway;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.util.List;

/**
 * The SIP→RTMP gateway's REST API, compatible with Flashphoner WCS: {@code POST /rest-api/call/startup} (and the
 * older {@code POST /RESTCall/call}), {@code /rest-api/call/terminate}, {@code /rest-api/call/find} and
 * {@code /rest-api/call/find_all}. Every request needs the Bearer token; a call belongs to the token that placed
 * it (others get 404 and do not see it in find_all); errors have the shared JSON shape.
 */
public final class SipCallApi {
    private static final Logger LOG = LoggerFactory.getLogger(SipCallApi.class);
    public static final List<String> PATHS = List.of("/rest-api/call/startup", "/RESTCall/call",
            "/rest-api/call/terminate", "/rest-api/call/find", "/rest-api/call/find_all");

    /** The server-side applications every WCS server has; a call may name them without an operator creating them. */
    static final List<String> BUILT_IN_APP_KEYS = List.of("callApp", "defaultApp");

    private final BearerAuthenticator auth;
    private final SipAppService apps;
    private final SipGateway gateway;
    private final String unavailable;
    private final SipCallbacks callbacks;
    private final OutboundAddressPolicy outbound;
    /** callId → id of the token that placed the call: a call is visible only to its owner. */
    private final java.util.concurrent.ConcurrentHashMap<String, String> owners = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.LongAdder started = new java.util.concurrent.atomic.LongAdder();

    /**
     * @param gateway     null when the gateway could not start; calls then answer 503 with {@code unavailable}
     * @param outbound    where calls may connect, checked when a call is requested
     */
    SipCallApi(BearerAuthenticator auth, SipAppService apps, SipGateway gateway, String unavailable, SipCallbacks callbacks,
               OutboundAddressPolicy outbound) {
        this.auth = auth;
        this.apps = apps;
        this.gateway = gateway;
        this.unavailable = unavailable;
        this.callbacks = callbacks;
        this.outbound = outbound;
    }

    public void register(JavalinConfig cfg) {
        cfg.routes.post("/rest-api/call/startup", this::startup);
        cfg.routes.post("/RESTCall/call", this::startup);
        cfg.routes.post("/rest-api/call/terminate", this::terminate);
        cfg.routes.post("/rest-api/call/find", this::find);
        cfg.routes.post("/rest-api/call/find_all", this::findAll);
    }

    /** @return the caller's token id */
    private String authorize(Context ctx) {
        String tokenId = auth.authenticate(ctx);
        if (gateway == null) {
            throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "the SIP gateway is not running: " + unavailable);
        }
        return tokenId;
    }

    /** The call if it belongs to this token; another token's call answers like one that does not exist. */
    private CallSnapshot owned(String tokenId, String callId) {
        return gateway.find(callId).filter(c -> tokenId.equals(owners.get(callId))).orElseThrow(() -> notFound(callId));
    }

    private void startup(Context ctx) {
        String tokenId = authorize(ctx);
        SipGateway gw = gateway;
        CallRequestParser.ParsedCall parsed = CallRequestParser.parse(JsonBodyReader.readObject(ctx), outbound);
        String callId = parsed.call().callId();
        URI callback = callbackOf(parsed.appKey());
        if (gw.find(callId).filter(c -> !c.status().isFinal()).isPresent()) {
            // call ids are one namespace for the whole gateway (they name SIP-side resources), so this says
            // "taken" even to another token
            throw new ApiException(ErrorCode.CONFLICT, "callId " + callId + " is already in use by a call in progress");
        }
        callbacks.route(callId, parsed.appKey(), callback);
        CallSnapshot first;
        try {
            first = gw.startCall(parsed.call());
        } catch (CallConflictException e) {
            // The gateway names the call that holds the id or the RTMP target; only its owner may learn that name.
            if (tokenId.equals(owners.get(e.conflictingCallId()))) throw new ApiException(ErrorCode.CONFLICT, e.getMessage());
            throw new ApiException(ErrorCode.CONFLICT, parsed.call().callId().equals(e.conflictingCallId())
                    ? "callId " + callId + " is already in use by a call in progress"
                    : "rtmpUrl + rtmpStream " + parsed.call().rtmpTarget() + " is already being published by another call");
        } catch (IOException e) {
            LOG.warn("call {} not started: {}", callId, e.getMessage());
            throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "the call cannot be placed now: " + e.getMessage());
        }
        owners.put(callId, tokenId);
        started.increment();
        JsonResponses.write(ctx, 200, CallJson.of(first, parsed.appKey()));
    }

    /**
     * Where the calls of this app key report their status: the URL an operator registered for it, or none for WCS's
     * built-in apps ({@link #BUILT_IN_APP_KEYS}), which Flashphoner's own examples name and which therefore work
     * without registration (their calls are still kept for find and find_all).
     */
    private URI callbackOf(String appKey) {
        if (appKey == null) return null;
        java.util.Optional<SipApp> app = apps.find(appKey);
        if (app.isPresent()) return app.get().callbackUrl();
        if (BUILT_IN_APP_KEYS.contains(appKey)) return null;
        throw ApiException.invalid("connection.appKey: no SIP app with key " + appKey + "; create it with `hibiki sip app create --key "
                + appKey + " --url URL`, or use one of the built-in keys " + String.join(", ", BUILT_IN_APP_KEYS));
    }

    private String callId(Context ctx) {
        ObjectNode body = JsonBodyReader.readObject(ctx);
        return CallRequestParser.text(body, "", "callId", true, 128, "\\S+");
    }

    private void terminate(Context ctx) {
        String tokenId = authorize(ctx);
        String callId = callId(ctx);
        owned(tokenId, callId);
        CallSnapshot c = gateway.terminate(callId).orElseThrow(() -> notFound(callId));
        JsonResponses.write(ctx, 200, CallJson.of(c, callbacks.appKey(callId)));
    }

    private void find(Context ctx) {
        String tokenId = authorize(ctx);
        String callId = callId(ctx);
        CallSnapshot c = owned(tokenId, callId);
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        out.add(CallJson.of(c, callbacks.appKey(callId)));
        JsonResponses.write(ctx, 200, out);
    }

    private void findAll(Context ctx) {
        String tokenId = authorize(ctx);
        JsonBodyReader.readObject(ctx); // an empty body or {} are both fine; bad JSON is still an error
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        List<CallSnapshot> all = gateway.findAll();
        java.util.Set<String> known = new java.util.HashSet<>();
        for (CallSnapshot c : all) {
            known.add(c.callId());
            if (tokenId.equals(owners.get(c.callId()))) out.add(CallJson.of(c, callbacks.appKey(c.callId())));
        }
        // forget the owners of calls the gateway forgot (checked again: a call may have started meanwhile)
        owners.keySet().removeIf(id -> {
            boolean gone = !known.contains(id) && gateway.find(id).isEmpty();
            if (gone) callbacks.forget(id);
            return gone;
        });
        JsonResponses.write(ctx, 200, out);
    }

    /** Calls the gateway accepted through this API since start. */
    long callsStarted() {
        return started.sum();
    }

    private static ApiException notFound(String callId) {
        return new ApiException(ErrorCode.CALL_NOT_FOUND, "no call with callId " + callId
                + " (finished calls are kept for 10 minutes)");
    }
}
