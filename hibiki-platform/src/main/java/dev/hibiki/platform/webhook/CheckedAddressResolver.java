package dev.hibiki.platform.webhook;

import dev.hibiki.net.OutboundAddressPolicy;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * How the webhook client finds the address of each new connection: one lookup through the policy, every
 * address checked, and the client connects to those addresses only. The client itself never resolves a name, so
 * the address that was checked is the address that is connected to; the request still carries the name (Host
 * header, TLS server name and certificate check).
 */
final class CheckedAddressResolver implements SocketAddressResolver {
    private final OutboundAddressPolicy policy;
    private final Executor lookups;

    /** @param lookups runs the lookups, which block */
    CheckedAddressResolver(OutboundAddressPolicy policy, Executor lookups) {
        this.policy = policy;
        this.lookups = lookups;
    }

    @Override
    public void resolve(String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
        lookups.execute(() -> {
            List<InetSocketAddress> addresses = new ArrayList<>();
            try {
                for (InetAddress a : policy.resolve(host)) addresses.add(new InetSocketAddress(a, port));
            } catch (Exception e) {
                promise.failed(e);
                return;
            }
            promise.succeeded(addresses);
        });
    }
}
