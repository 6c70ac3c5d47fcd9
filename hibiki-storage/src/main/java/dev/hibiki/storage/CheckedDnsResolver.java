package dev.hibiki.storage;

import dev.hibiki.net.DestinationNotAllowedException;
import dev.hibiki.net.OutboundAddressPolicy;
import org.apache.http.conn.DnsResolver;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

/**
 * How the HTTP clients of the S3 and Cloud Storage stores find the address of each new connection: one lookup
 * through the outbound address policy, every address checked, and the client connects to those addresses only
 * (Apache HttpClient connects to what its {@link DnsResolver} returns and never looks the name up itself; the
 * request still carries the name in its Host header and TLS server name). Hosts the operator or the service
 * fixed ({@code trustedHosts}) are looked up once too, but never refused.
 */
final class CheckedDnsResolver implements DnsResolver {
    private static final OutboundAddressPolicy TRUSTED = OutboundAddressPolicy.allowingPrivateNetworks();

    private final OutboundAddressPolicy policy;
    private final Set<String> trustedHosts;

    CheckedDnsResolver(OutboundAddressPolicy policy, Set<String> trustedHosts) {
        this.policy = policy;
        this.trustedHosts = trustedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(
                java.util.stream.Collectors.toUnmodifiableSet());
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        OutboundAddressPolicy p = trustedHosts.contains(host.toLowerCase(Locale.ROOT)) ? TRUSTED : policy;
        try {
            return p.resolve(host).toArray(InetAddress[]::new);
        } catch (DestinationNotAllowedException e) {
            throw new RefusedHostException(e);
        }
    }

    /**
     * The policy refused the host. An {@link UnknownHostException} because that is all a {@link DnsResolver} may
     * throw; the refusal is its cause, which {@link #refusal} finds again in whatever the client wrapped it in.
     */
    static final class RefusedHostException extends UnknownHostException {
        RefusedHostException(DestinationNotAllowedException refusal) {
            super(refusal.getMessage());
            initCause(refusal);
        }
    }

    /** The policy's refusal somewhere in {@code t}'s causes, or null. */
    static DestinationNotAllowedException refusal(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof DestinationNotAllowedException d) return d;
            if (c.getCause() == c) break;
        }
        return null;
    }
}
