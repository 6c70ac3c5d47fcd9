package dev.hibiki.turn;

import dev.hibiki.turn.allocation.RelayTransportFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link TurnServer} runs.
 *
 * @param listenAddress   where UDP listens; TCP listens on the same address and port number (port 0: any free one)
 * @param tcp             whether to listen on TCP too
 * @param relayAddresses  addresses relayed sockets bind to, the first of each family being used (IPv4 unless a client
 *                        asks for IPv6); peers must be able to reach them, since they are what XOR-RELAYED-ADDRESS
 *                        announces (no wildcard, and no separate public address behind NAT yet)
 * @param realm           REALM of the long-term credentials
 * @param secret          the TURN REST shared secret the credentials are derived from
 * @param peerPolicy      which peers allocations may reach
 * @param quotas          per-username and per-allocation limits
 * @param nonceLifetime   how long a NONCE stays valid before a 438 renews it
 * @param clock           time for expiry, credentials and rates (tests pass a settable one)
 * @param relayTransports opens the relayed side of allocations
 */
public record TurnConfig(InetSocketAddress listenAddress, boolean tcp, List<InetAddress> relayAddresses, String realm,
                         byte[] secret, PeerPolicy peerPolicy, TurnQuotas quotas, Duration nonceLifetime, Clock clock,
                         RelayTransportFactory relayTransports) {

    public TurnConfig {
        Objects.requireNonNull(listenAddress, "listenAddress");
        relayAddresses = List.copyOf(relayAddresses);
        if (relayAddresses.isEmpty()) {
            throw new IllegalArgumentException("TURN needs at least one relay address");
        }
        for (InetAddress address : relayAddresses) {
            if (address.isAnyLocalAddress()) {
                // XOR-RELAYED-ADDRESS tells peers where to send: a wildcard is no address they can reach
                throw new IllegalArgumentException("a TURN relay address must be a concrete address: " + address);
            }
        }
        if (realm == null || realm.isEmpty() || realm.length() >= 128) {
            throw new IllegalArgumentException("a TURN realm has 1 to 127 characters (RFC 8489 section 14.9): " + realm);
        }
        if (secret == null || secret.length == 0) {
            throw new IllegalArgumentException("TURN needs a shared secret");
        }
        secret = secret.clone();
        Objects.requireNonNull(peerPolicy, "peerPolicy");
        Objects.requireNonNull(quotas, "quotas");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(relayTransports, "relayTransports");
        if (nonceLifetime.isNegative() || nonceLifetime.isZero()) {
            throw new IllegalArgumentException("nonce lifetime must be positive: " + nonceLifetime);
        }
    }

    /** UDP and TCP on {@code listenAddress}, relaying from {@code relayAddress}, default quotas, real sockets. */
    public static TurnConfig of(InetSocketAddress listenAddress, InetAddress relayAddress, String realm, byte[] secret,
                                PeerPolicy peerPolicy) {
        return of(listenAddress, List.of(relayAddress), realm, secret, peerPolicy);
    }

    /** {@link #of(InetSocketAddress, InetAddress, String, byte[], PeerPolicy)} relaying from these addresses. */
    public static TurnConfig of(InetSocketAddress listenAddress, List<InetAddress> relayAddresses, String realm,
                                byte[] secret, PeerPolicy peerPolicy) {
        return new TurnConfig(listenAddress, true, relayAddresses, realm, secret, peerPolicy,
                TurnQuotas.defaults(), Duration.ofMinutes(10), Clock.systemUTC(),
                RelayTransportFactory.datagramChannels());
    }

    public TurnConfig withQuotas(TurnQuotas newQuotas) {
        return new TurnConfig(listenAddress, tcp, relayAddresses, realm, secret, peerPolicy, newQuotas, nonceLifetime,
                clock, relayTransports);
    }

    public TurnConfig withClock(Clock newClock) {
        return new TurnConfig(listenAddress, tcp, relayAddresses, realm, secret, peerPolicy, quotas, nonceLifetime,
                newClock, relayTransports);
    }

    public TurnConfig withRelayTransports(RelayTransportFactory factory) {
        return new TurnConfig(listenAddress, tcp, relayAddresses, realm, secret, peerPolicy, quotas, nonceLifetime,
                clock, factory);
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    @Override
    public String toString() {
        return "TurnConfig[listen=" + listenAddress + ", tcp=" + tcp + ", relay=" + relayAddresses + ", realm=" + realm
                + ", quotas=" + quotas + "]";
    }
}
