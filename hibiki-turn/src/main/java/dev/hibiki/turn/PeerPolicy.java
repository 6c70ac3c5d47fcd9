package dev.hibiki.turn;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.Set;

/**
 * Which peers an allocation may reach. Hibiki's relay exists for its own media port, so the policy normally allows
 * only Hibiki's media addresses: anything else is refused with 403 on CreatePermission and ChannelBind, and Send
 * indications to it are dropped. Without it the server would be an open relay.
 */
@FunctionalInterface
public interface PeerPolicy {
    boolean allows(InetSocketAddress peer);

    /** Exactly these transport addresses (address and port). */
    static PeerPolicy endpoints(Collection<InetSocketAddress> allowed) {
        Set<InetSocketAddress> set = Set.copyOf(allowed);
        return set::contains;
    }

    /** Any port of these addresses. */
    static PeerPolicy addresses(Collection<InetAddress> allowed) {
        Set<InetAddress> set = Set.copyOf(allowed);
        return peer -> set.contains(peer.getAddress());
    }
}
