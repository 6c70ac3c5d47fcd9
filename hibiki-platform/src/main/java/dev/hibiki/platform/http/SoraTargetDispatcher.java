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

    private final Map<String, TargetHandler> targets = new TreeMap<>();
    private final BearerAuthenticator authenticator;

    public SoraTargetDispatcher(BearerAuthenticator authenticator) {
        this.authenticator = authenticator;
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
        String tokenId = authenticator.authenticate(ctx);
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
