package dev.hibiki.sipgateway;

import dev.hibiki.net.OutboundAddressPolicy;

import java.net.InetAddress;
import java.time.Duration;

/**
 * The SIP→RTMP gateway's network settings.
 *
 * @param address              the IPv4 address SIP and RTP bind to and announce; null: the machine's first
 *                             non-loopback IPv4 address (loopback when it has none)
 * @param port                 UDP and TCP port of the SIP user agent (0: any free port)
 * @param rtpTimeout           a call without RTP for this long is hung up and FAILED
 * @param allowPrivateNetworks whether a call's SIP targets (domain, outbound proxy, callee, the far end's Contact
 *                             and media addresses) and RTMP target may be loopback, private or link-local
 *                             addresses; off by default, since a tenant could otherwise make Hibiki connect to the
 *                             operator's internal services
 */
public record SipSettings(InetAddress address, int port, int rtpPortMin, int rtpPortMax, Duration rtpTimeout,
                          boolean allowPrivateNetworks) {

    /** On loopback, any free port; private networks refused, as by default. */
    public static final SipSettings LOOPBACK = new SipSettings(InetAddress.getLoopbackAddress(), 0, 40000, 49999,
            Duration.ofSeconds(30), false);

    public SipSettings withPrivateNetworks(boolean allowed) {
        return new SipSettings(address, port, rtpPortMin, rtpPortMax, rtpTimeout, allowed);
    }

    /** Where calls may connect: checked when a call is requested and before each connection it makes. */
    public OutboundAddressPolicy policy() {
        return OutboundAddressPolicy.of(allowPrivateNetworks, "sip.allow_private_networks");
    }
}
