package dev.hibiki.sipgateway;

import dev.hibiki.platform.config.ConfigValues;
import dev.hibiki.platform.config.Setting;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/** The keys of the SIP→RTMP gateway. */
public final class SipGatewaySettings {

    public static final Setting SIP_ADDRESS = Setting.of("sip.address", "HIBIKI_SIP_ADDRESS", "--sip-address", "", "IP",
            "IPv4 address the SIP gateway binds and announces (empty: this machine's first address)");
    public static final Setting SIP_PORT = Setting.of("sip.port", "HIBIKI_SIP_PORT", "--sip-port", "5060", "PORT",
            "UDP and TCP port of the SIP gateway, 0 for any free one");
    public static final Setting SIP_RTP_PORT_MIN = Setting.of("sip.rtp_port_min", "HIBIKI_SIP_RTP_PORT_MIN",
            "--sip-rtp-port-min", "40000", "PORT", "lowest UDP port for call media");
    public static final Setting SIP_RTP_PORT_MAX = Setting.of("sip.rtp_port_max", "HIBIKI_SIP_RTP_PORT_MAX",
            "--sip-rtp-port-max", "49999", "PORT", "highest UDP port for call media");
    public static final Setting SIP_RTP_TIMEOUT_SECONDS = Setting.of("sip.rtp_timeout_seconds",
            "HIBIKI_SIP_RTP_TIMEOUT_SECONDS", "--sip-rtp-timeout-seconds", "30", "S",
            "hang up a call that receives no RTP for this long");
    public static final Setting SIP_ALLOW_PRIVATE_NETWORKS = Setting.of("sip.allow_private_networks",
            "HIBIKI_SIP_ALLOW_PRIVATE_NETWORKS", "--sip-allow-private-networks", "false", "BOOL",
            "let calls' SIP and RTMP targets be loopback, private and link-local addresses");

    public static final List<Setting> ALL = List.of(SIP_ADDRESS, SIP_PORT, SIP_RTP_PORT_MIN, SIP_RTP_PORT_MAX,
            SIP_RTP_TIMEOUT_SECONDS, SIP_ALLOW_PRIVATE_NETWORKS);

    private SipGatewaySettings() {
    }

    public static SipSettings resolve(ConfigValues v) {
        String s = v.text(SIP_ADDRESS);
        InetAddress address = null;
        if (!s.isEmpty()) {
            if (!s.matches("[0-9.]+")) throw v.invalid(SIP_ADDRESS, "must be an IPv4 address (got " + s + ")");
            try {
                address = InetAddress.getByName(s);
            } catch (java.net.UnknownHostException e) {
                throw v.invalid(SIP_ADDRESS, "must be an IPv4 address (got " + s + ")");
            }
        }
        int min = v.integer(SIP_RTP_PORT_MIN, 1024, 65534);
        int max = v.integer(SIP_RTP_PORT_MAX, 1025, 65535);
        if (max < min + 2) throw v.invalid(SIP_RTP_PORT_MAX, "must be at least sip.rtp_port_min + 2 (got " + max + ")");
        return new SipSettings(address, v.integer(SIP_PORT, 0, 65535), min, max,
                Duration.ofSeconds(v.integer(SIP_RTP_TIMEOUT_SECONDS, 1, 3600)), v.bool(SIP_ALLOW_PRIVATE_NETWORKS));
    }
}
