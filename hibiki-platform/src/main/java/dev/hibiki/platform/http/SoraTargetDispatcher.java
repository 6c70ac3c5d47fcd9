package dev.hibiki.platform.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.util.Map;
import java.util.TreeMap;

/**
 * {@code POST /} with the operation named by the {@code X-Sora-Target} header, as Sora and ImageFlux define
 * it. Authentication comes first, so a caller without a valid token learns nothing else.
 */
public final class SoraTargetDispatcher implements Handler {

    public static final String TARGET_HEADER = "X-Sora-Target";

    /** Who is calling: the id the operations scope their data by (a token id), or an ApiException. */
    @FunctionalInterface
    public interface Caller {
        String identify(Context ctx);
    }

    private final Map<String, TargetHandler> targets = new TreeMap<>();
    private final Caller caller;

    public SoraTargetDispatcher(BearerAuthenticator authenticator) {
        this.caller = authenticator::authenticate;
    }

    private SoraTargetDispatcher(Caller caller) {
        this.caller = caller;
    }

    /**
     * A dispatcher that asks no credential and calls every operation as {@code callerId}: for a listener on a
     * private network only, as Sora serves its own API on a port of its own without a token.
     */
    public static SoraTargetDispatcher trusting(String callerId) {
        return new SoraTargetDispatcher(ctx -> callerId);
    }

    public SoraTargetDispatcher register(String target, TargetHandler handler) {
        if (targets.putIfAbsent(target, handler) != null) {
            throw new IllegalStateException("target registered twice: " + target);
        }
        return this;
    }

    public boolean knows(String target) {
        return targets.containsKey(target);
    }

    @Override
    public void handle(Context ctx) throws Exception {
        String tokenId = caller.identify(ctx);
        String target = ctx.header(TARGET_HEADER);
        if (target == null || target.isBlank()) {
            throw new ApiException(ErrorCode.MISSING_TARGET, "name the operation in the header " + TARGET_HEADER
                    + "; supported: " + String.join(", ", targets.keySet()));
        }
        TargetHandler handler = targets.get(target.strip());
        if (handler == null) {
            throw new ApiException(ErrorCode.UNKNOWN_TARGET, "unknown " + TARGET_HEADER + " \"" + target.strip()
                    + "\"; supported: " + String.join(", ", targets.keySet()));
        }
        ObjectNode body = JsonBodyReader.readObject(ctx);
        Object result = handler.handle(new ApiCall(tokenId, body));
        JsonResponses.write(ctx, 200, result);
    }
}
