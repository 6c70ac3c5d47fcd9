package dev.hibiki.option;

import io.javalin.http.Context;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.GracefulHandler;

import java.util.function.BooleanSupplier;

/**
 * Whether the HTTP front has begun its graceful stop, for requests that would otherwise stay open until the stop's
 * timeout cut them off (a chat stream): the platform stops the front before the features, so a feature hears of
 * the stop only through the server the request arrived on.
 */
final class ServerShutdown {

    private ServerShutdown() {
    }

    /** A check for the server of this request; one that never reports a stop when the server cannot be found. */
    static BooleanSupplier of(Context ctx) {
        try {
            ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
            Server server = request == null ? null : request.getConnectionMetaData().getConnector().getServer();
            GracefulHandler graceful = server == null ? null : server.getDescendant(GracefulHandler.class);
            if (graceful == null) return () -> false;
            return () -> graceful.isShutdown() || server.isStopping();
        } catch (RuntimeException e) {
            return () -> false;
        }
    }
}
