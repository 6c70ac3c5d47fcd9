package dev.hibiki.server.config;

import java.net.InetAddress;
import java.time.Duration;

/**
 * The SIP→RTMP gateway's network settings.
 *
 * @param address    the IPv4 address SIP and RTP bind to and announce; null: the machine's first non-loopback
 *                   IPv4 address (loopback when it has none)
 * @param port       UDP and TCP port of the SIP user agent (0: any free port)
 * @param rtpTimeout a call without RTP for this long is hung up and FAILED
 */
public record SipSettings(InetAddress address, int port, int rtpPortMin, int rtpPortMax, Duration rtpTimeout) {

    public static final SipSettings LOOPBACK = new SipSettings(InetAddress.getLoopbackAddress(), 0, 40000, 49999,
            Duration.ofSeconds(30));
}
