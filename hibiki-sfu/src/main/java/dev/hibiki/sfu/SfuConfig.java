package dev.hibiki.sfu;

import dev.hibiki.ice.IceSettings;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * @param bind               the one UDP address every peer's media shares (port 0 picks a free one)
 * @param announcedAddresses the addresses put into host candidates, in order of preference
 * @param defaultVideoKbps   the video bit rate asked of senders (REMB) when their connect message names none
 * @param sendWorkers        threads that fan packets out to subscribers (SRTP + send); each subscriber is served
 *                           by one of them
 * @param iceTcp             whether ICE-TCP (passive, RFC 6544) is also accepted on the media port's number
 */
public record SfuConfig(InetSocketAddress bind, List<InetAddress> announcedAddresses, IceSettings ice,
                        int defaultVideoKbps, int sendWorkers, boolean iceTcp) {

    public SfuConfig {
        announcedAddresses = List.copyOf(announcedAddresses);
        if (announcedAddresses.isEmpty()) throw new IllegalArgumentException("announce at least one address");
        if (sendWorkers < 1) throw new IllegalArgumentException("sendWorkers must be at least 1");
    }

    /** UDP only. */
    public SfuConfig(InetSocketAddress bind, List<InetAddress> announcedAddresses, IceSettings ice,
                     int defaultVideoKbps, int sendWorkers) {
        this(bind, announcedAddresses, ice, defaultVideoKbps, sendWorkers, false);
    }

    /** UDP only, with one send worker per available processor. */
    public SfuConfig(InetSocketAddress bind, List<InetAddress> announcedAddresses, IceSettings ice,
                     int defaultVideoKbps) {
        this(bind, announcedAddresses, ice, defaultVideoKbps, defaultSendWorkers());
    }

    public static int defaultSendWorkers() {
        return Runtime.getRuntime().availableProcessors();
    }
}
