package dev.hibiki.platform.http;

/** Serves one {@code X-Sora-Target} operation. The returned object is written as the JSON response body. */
@FunctionalInterface
public interface TargetHandler {
    Object handle(ApiCall call);
}
