package dev.hibiki.sipgateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hibiki.platform.webhook.EventWebhookSender;
import dev.hibiki.sip.CallListener;
import dev.hibiki.sip.CallSnapshot;

import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers each call's appKey, and posts every status change of a call to the callback URL an operator registered
 * for that key (built-in keys without a registration have none), through the event webhook sender
 * (per-URL ordered queue, retries with backoff, bounded). The body is the call's JSON with
 * {@code "type":"sip.call.status"}.
 */
final class SipCallbacks implements CallListener {
    private record Target(String appKey, URI url) {
    }

    private final EventWebhookSender sender;
    private final ConcurrentHashMap<String, Target> byCallId = new ConcurrentHashMap<>();

    SipCallbacks(EventWebhookSender sender) {
        this.sender = sender;
    }

    /** Calls with this id belong to {@code appKey} and report to {@code url} until they end; null for neither. */
    void route(String callId, String appKey, URI url) {
        if (appKey == null) byCallId.remove(callId);
        else byCallId.put(callId, new Target(appKey, url));
    }

    /** Forgets a call the gateway no longer knows. */
    void forget(String callId) {
        byCallId.remove(callId);
    }

    String appKey(String callId) {
        Target t = byCallId.get(callId);
        return t == null ? null : t.appKey();
    }

    @Override
    public void onStatusChange(CallSnapshot call) {
        Target t = byCallId.get(call.callId());
        if (t == null || t.url() == null) return;
        ObjectNode event = CallJson.of(call, t.appKey());
        event.put("type", "sip.call.status");
        sender.sendToOperatorUrl(t.url(), event);
    }
}
