package dev.hibiki.sip;

import dev.hibiki.net.OutboundAddressPolicy;

import java.net.InetAddress;
import java.time.Duration;

/**
 * @param address        the local address SIP and RTP bind to and announce (Via, Contact, SDP)
 * @param sipPort        UDP and TCP port of the user agent; 0 picks a free one
 * @param rtpPortMin     lowest RTP port (even); RTCP would be the next one
 * @param rtpPortMax     highest RTP port
 * @param rtpTimeout     hang up a call (FAILED) when no RTP arrived for this long
 * @param registerExpiry the Expires asked for in REGISTER; refreshed at half of what the registrar grants
 * @param outbound       where calls may connect: every SIP request's next hop and every RTMP connection is looked
 *                       up once through it, checked, and sent to the address it returned
 */
public record GatewaySettings(InetAddress address, int sipPort, int rtpPortMin, int rtpPortMax, Duration rtpTimeout,
                              Duration registerExpiry, OutboundAddressPolicy outbound) {

    /** On loopback, calling peers on loopback (private networks allowed). */
    public static GatewaySettings loopback(Duration rtpTimeout) {
        return new GatewaySettings(InetAddress.getLoopbackAddress(), 0, 40000, 49998, rtpTimeout, Duration.ofSeconds(300),
                OutboundAddressPolicy.allowingPrivateNetworks());
    }

    public GatewaySettings withOutbound(OutboundAddressPolicy policy) {
        return new GatewaySettings(address, sipPort, rtpPortMin, rtpPortMax, rtpTimeout, registerExpiry, policy);
    }
}
