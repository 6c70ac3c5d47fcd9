package dev.hibiki.ice;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Renders the addresses a server announces into host candidates, and finds the machine's addresses when none are
 * configured. With ICE-lite every candidate is a host candidate on the one shared port.
 */
public final class HostCandidates {
    /** RFC 8445 section 5.1.2.2 recommends 126 for host candidates. */
    public static final int HOST_TYPE_PREFERENCE = 126;
    /** WebRTC bundles everything over RTP component 1 (rtcp-mux). */
    public static final int RTP_COMPONENT = 1;
    /** RFC 6544 4.2: the direction preference of a passive host candidate. */
    static final int TCP_PASSIVE_DIRECTION_PREFERENCE = 4;

    private HostCandidates() {
    }

    /**
     * One UDP host candidate per address, in the given order of preference (local preference 65535, 65534, ...).
     * Each address gets its own foundation ("1", "2", ...), as candidates of different bases must (RFC 8445 5.1.1.3).
     */
    public static List<IceCandidate> udp(List<InetAddress> addresses, int port) {
        return render(addresses, port, "udp");
    }

    /**
     * One passive ICE-TCP host candidate per address (RFC 6544), each below every UDP candidate: its local preference
     * is RFC 6544 4.2's, with the passive direction preference (4) and the address order, under the UDP ones' 65535-i.
     * Foundations "t1", "t2", ... differ from the UDP ones, as candidates of another transport must.
     */
    public static List<IceCandidate> tcp(List<InetAddress> addresses, int port) {
        return render(addresses, port, "tcp");
    }

    static List<IceCandidate> render(List<InetAddress> addresses, int port, String protocol) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        List<InetAddress> unique = new ArrayList<>(new LinkedHashSet<>(addresses));
        if (unique.size() > 65_536) {
            throw new IllegalArgumentException("too many addresses");
        }
        List<IceCandidate> candidates = new ArrayList<>(unique.size());
        for (int i = 0; i < unique.size(); i++) {
            boolean tcp = protocol.equals("tcp");
            int localPreference = tcp ? (TCP_PASSIVE_DIRECTION_PREFERENCE << 13) + 8191 - Math.min(i, 8191) : 65_535 - i;
            candidates.add(new IceCandidate((tcp ? "t" : "") + (i + 1), RTP_COMPONENT, protocol,
                    priority(HOST_TYPE_PREFERENCE, localPreference, RTP_COMPONENT), literal(unique.get(i)), port, "host"));
        }
        return Collections.unmodifiableList(candidates);
    }

    /** RFC 8445 section 5.1.2.1: 2^24 * type preference + 2^8 * local preference + (256 - component id). */
    public static long priority(int typePreference, int localPreference, int componentId) {
        if (typePreference < 0 || typePreference > 126 || localPreference < 0 || localPreference > 65_535
                || componentId < 1 || componentId > 256) {
            throw new IllegalArgumentException("candidate priority input out of range");
        }
        return ((long) typePreference << 24) + ((long) localPreference << 8) + (256 - componentId);
    }

    /**
     * The addresses of the interfaces that are up: IPv4 first, then IPv6, loopback last and only when asked.
     * IPv6 link-local addresses are left out: browsers cannot use them without a zone.
     */
    public static List<InetAddress> interfaceAddresses(boolean includeLoopback) {
        Set<InetAddress> ipv4 = new LinkedHashSet<>();
        Set<InetAddress> ipv6 = new LinkedHashSet<>();
        Set<InetAddress> loopback = new LinkedHashSet<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address.isLoopbackAddress()) {
                        if (includeLoopback) {
                            loopback.add(address);
                        }
                    } else if (address instanceof Inet4Address) {
                        ipv4.add(address);
                    } else if (address instanceof Inet6Address && !address.isLinkLocalAddress()) {
                        ipv6.add(address);
                    }
                }
            }
        } catch (SocketException e) {
            throw new IllegalStateException("cannot list network interfaces", e);
        }
        List<InetAddress> all = new ArrayList<>(ipv4);
        all.addAll(ipv6);
        all.addAll(loopback);
        return all;
    }

    /** The textual address without an IPv6 zone id, which SDP has no room for. */
    static String literal(InetAddress address) {
        String text = address.getHostAddress();
        int zone = text.indexOf('%');
        return zone < 0 ? text : text.substring(0, zone);
    }
}
