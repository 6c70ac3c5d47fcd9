package dev.hibiki.server.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Where a tenant's webhook may point. A channel's webhook URLs are chosen by whoever holds its token, and Hibiki
 * POSTs to them from inside the operator's network; without a check a tenant could make Hibiki call the
 * operator's internal services (server-side request forgery). Unless the operator allows private networks,
 * a URL whose host is, or resolves to, a loopback, private, link-local, unique-local, carrier-grade NAT,
 * unspecified or multicast address is refused.
 *
 * <p>The check resolves the host just before the request; the HTTP client then resolves it again, normally
 * from the JVM's address cache (30 s), so the two agree.
 */
public final class WebhookTargets {

    private final boolean allowPrivateNetworks;

    public WebhookTargets(boolean allowPrivateNetworks) {
        this.allowPrivateNetworks = allowPrivateNetworks;
    }

    /** Thrown when a webhook URL points to a private network and the operator does not allow that. */
    public static final class PrivateTargetException extends Exception {
        PrivateTargetException(String message) {
            super(message);
        }
    }

    /**
     * At channel creation: a problem with the URL that can be seen without a DNS lookup (a private IP literal or a
     * {@code localhost} name), or null.
     */
    public String literalProblem(String field, URI url) {
        if (allowPrivateNetworks || url.getHost() == null) return null;
        String host = stripBrackets(url.getHost()).toLowerCase(Locale.ROOT);
        if (host.equals("localhost") || host.endsWith(".localhost")) return privateMessage(field, host);
        if (!looksLikeIpLiteral(host)) return null;
        try {
            // An IP literal is parsed, not looked up.
            return isPrivate(InetAddress.getByName(host)) ? privateMessage(field, host) : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Before each request: resolves the host and refuses a private address. Blocks for the DNS lookup. */
    void check(URI url) throws PrivateTargetException, UnknownHostException {
        if (allowPrivateNetworks) return;
        String host = stripBrackets(url.getHost());
        for (InetAddress a : InetAddress.getAllByName(host)) {
            if (isPrivate(a)) {
                throw new PrivateTargetException("the webhook URL's host " + host + " is a private network address ("
                        + a.getHostAddress() + "); the operator can allow that with webhook.allow_private_networks");
            }
        }
    }

    boolean allowsPrivateNetworks() {
        return allowPrivateNetworks;
    }

    static boolean isPrivate(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0                                   // "this network"
                    || (first == 100 && second >= 64 && second < 128) // carrier-grade NAT, RFC 6598
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                    || first >= 240;                            // reserved and broadcast
        }
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) return true; // unique local fc00::/7
            if (isIpv4Embedded(b)) {
                try {
                    return isPrivate(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }

    /** ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible) reach IPv4 hosts. */
    private static boolean isIpv4Embedded(byte[] b) {
        for (int i = 0; i < 10; i++) if (b[i] != 0) return false;
        return (b[10] == 0 && b[11] == 0) || (b[10] == (byte) 0xff && b[11] == (byte) 0xff);
    }

    private static boolean looksLikeIpLiteral(String host) {
        // Other numeric forms (127.1, 0x7f.1) are left to the check before each request, which resolves them.
        return host.contains(":") || host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static String privateMessage(String field, String host) {
        return field + " must not point to a private network address (" + host
                + "); the operator can allow that with webhook.allow_private_networks";
    }
}
