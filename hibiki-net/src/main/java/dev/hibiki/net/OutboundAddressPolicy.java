package dev.hibiki.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Where a tenant may make Hibiki connect. Unless the operator allows private networks (one setting per feature,
 * such as {@code webhook.allow_private_networks}), a destination that is, or resolves to, an address of
 * {@link PrivateAddresses} is refused, and so is a {@code localhost} name.
 *
 * <p>A destination is checked twice. When the request that names it arrives ({@link #checkNamed}), so the tenant
 * learns at once. And right before each connection ({@link #resolve}): the name is looked up once, every address
 * it has is checked, and the caller connects to one of exactly those addresses and never looks the name up
 * again. A name that resolved to a public address when it was checked therefore cannot lead the connection to
 * a private one a moment later (DNS rebinding).
 */
public final class OutboundAddressPolicy {

    /** Looks a host name (or an IP literal, which it parses) up. */
    @FunctionalInterface
    public interface HostResolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** The JVM's own resolver (its cache, the hosts file, DNS). */
    public static final HostResolver SYSTEM = InetAddress::getAllByName;

    private static final String PRIVATE =
            " a private network address (loopback, private, link-local, carrier-grade NAT or reserved)";

    private final boolean allowPrivateNetworks;
    private final String setting;
    private final HostResolver resolver;
    private final Predicate<InetAddress> isPrivate;

    private OutboundAddressPolicy(boolean allowPrivateNetworks, String setting, HostResolver resolver,
                                  Predicate<InetAddress> isPrivate) {
        this.allowPrivateNetworks = allowPrivateNetworks;
        this.setting = setting;
        this.resolver = resolver;
        this.isPrivate = isPrivate;
    }

    /**
     * @param allowPrivateNetworks what the operator set
     * @param setting              the setting that opens private networks, named in every refusal
     */
    public static OutboundAddressPolicy of(boolean allowPrivateNetworks, String setting) {
        return new OutboundAddressPolicy(allowPrivateNetworks, setting, SYSTEM, PrivateAddresses::isPrivate);
    }

    /** For destinations the operator chose: nothing is refused, but a connection still goes where one lookup said. */
    public static OutboundAddressPolicy allowingPrivateNetworks() {
        return new OutboundAddressPolicy(true, null, SYSTEM, PrivateAddresses::isPrivate);
    }

    /** The same rule with another resolver (tests give names the addresses they need). */
    public OutboundAddressPolicy withResolver(HostResolver other) {
        return new OutboundAddressPolicy(allowPrivateNetworks, setting, other, isPrivate);
    }

    /**
     * The same policy with another idea of which addresses are private: tests whose peers all run on this host
     * let one loopback address stand for the public internet and another for the operator's network.
     */
    public OutboundAddressPolicy withPrivateAddresses(Predicate<InetAddress> rule) {
        return new OutboundAddressPolicy(allowPrivateNetworks, setting, resolver, rule);
    }

    public boolean allowsPrivateNetworks() {
        return allowPrivateNetworks;
    }

    /**
     * At request time: refuses a destination a tenant names in {@code field} when it is a private IP literal, a
     * {@code localhost} name, or a name any of whose addresses is private. A name that does not resolve passes:
     * it is checked again before each connection. Blocks for the lookup.
     */
    public void checkNamed(String field, String host) throws DestinationNotAllowedException {
        if (allowPrivateNetworks) return;
        String h = bare(host);
        if (isLocalhostName(h)) throw refusal(field + " is not allowed: " + h + " is a loopback name", null);
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(h);
        } catch (UnknownHostException e) {
            return;
        }
        InetAddress refused = firstPrivate(addresses);
        if (refused != null) {
            throw refusal(field + " is not allowed: " + h + (looksLikeIpLiteral(h) ? " is" : " resolves to")
                    + PRIVATE, refused);
        }
    }

    /**
     * Right before connecting: looks {@code host} up once and returns its addresses, every one of them checked; the
     * caller connects to one of these and to nothing else. Each address carries {@code host} as its name (as the
     * JVM's own answers do), so a TLS client connecting to it sends that name and checks the certificate against
     * it. Blocks for the lookup.
     *
     * @throws DestinationNotAllowedException any of the addresses is private (a name that mixes public and private
     *                                        addresses is refused whole: which one a client would use is chance)
     */
    public List<InetAddress> resolve(String host) throws DestinationNotAllowedException, UnknownHostException {
        String h = bare(host);
        if (!allowPrivateNetworks && isLocalhostName(h)) {
            throw refusal(h + " is not allowed: it is a loopback name", null);
        }
        InetAddress[] addresses = resolver.resolve(h);
        if (addresses.length == 0) throw new UnknownHostException(h);
        if (!allowPrivateNetworks) {
            InetAddress refused = firstPrivate(addresses);
            if (refused != null) {
                throw refusal(h + " is not allowed: it is or resolves to" + PRIVATE, refused);
            }
        }
        List<InetAddress> named = new ArrayList<>(addresses.length);
        for (InetAddress a : addresses) named.add(named(h, a));
        return List.copyOf(named);
    }

    private static InetAddress named(String host, InetAddress a) throws UnknownHostException {
        if (a instanceof Inet6Address v6 && v6.getScopeId() != 0) {
            return Inet6Address.getByAddress(host, v6.getAddress(), v6.getScopeId());
        }
        return InetAddress.getByAddress(host, a.getAddress());
    }

    /**
     * An address a peer handed over instead of a name (a media address in an SDP answer), which the caller sends
     * to as it is.
     *
     * @param what names the address in the refusal, such as "the answer's audio address"
     */
    public void checkAddress(String what, InetAddress address) throws DestinationNotAllowedException {
        if (!allowPrivateNetworks && isPrivate.test(address)) throw refusal(what + " is not allowed: it is" + PRIVATE, address);
    }

    private DestinationNotAllowedException refusal(String what, InetAddress address) {
        return new DestinationNotAllowedException(what + "; the operator can allow private networks with " + setting,
                address);
    }

    private InetAddress firstPrivate(InetAddress[] addresses) {
        for (InetAddress a : addresses) if (isPrivate.test(a)) return a;
        return null;
    }

    /** {@code localhost} and its subdomains always mean this host (RFC 6761), whatever DNS says. */
    private static boolean isLocalhostName(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) h = h.substring(0, h.length() - 1);
        return h.equals("localhost") || h.endsWith(".localhost");
    }

    private static boolean looksLikeIpLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
