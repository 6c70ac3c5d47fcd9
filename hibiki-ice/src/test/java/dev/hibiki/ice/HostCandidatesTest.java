package dev.hibiki.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostCandidatesTest {
    @Test
    void hostPriorityFollowsRfc8445() {
        assertThat(HostCandidates.priority(126, 65_535, 1)).isEqualTo(2_130_706_431L);
        assertThat(HostCandidates.priority(0, 0, 256)).isZero();
        assertThatThrownBy(() -> HostCandidates.priority(127, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rendersSdpCandidateValuesInPreferenceOrder() throws Exception {
        List<IceCandidate> candidates = HostCandidates.udp(List.of(
                InetAddress.getByName("192.0.2.1"),
                InetAddress.getByName("2001:db8::1"),
                InetAddress.getByName("192.0.2.1")), 50_000);

        assertThat(candidates).extracting(IceCandidate::sdpValue).containsExactly(
                "candidate:1 1 udp 2130706431 192.0.2.1 50000 typ host",
                "candidate:2 1 udp 2130706175 2001:db8:0:0:0:0:0:1 50000 typ host");
    }

    @Test
    void dropsIpv6ZoneIds() throws Exception {
        InetAddress scoped = Inet6Address.getByAddress(null, InetAddress.getByName("fe80::1").getAddress(), 3);

        assertThat(scoped.getHostAddress()).contains("%");
        assertThat(HostCandidates.udp(List.of(scoped), 1).get(0).address()).isEqualTo("fe80:0:0:0:0:0:0:1");
    }

    @Test
    void tcpCandidatesArePassive() {
        IceCandidate tcp = new IceCandidate("3", 1, "tcp", 1_518_280_447L, "192.0.2.1", 443, "host");

        assertThat(tcp.sdpValue()).isEqualTo("candidate:3 1 tcp 1518280447 192.0.2.1 443 typ host tcptype passive");
    }

    @Test
    void rejectsImpossiblePorts() {
        assertThatThrownBy(() -> HostCandidates.udp(List.of(InetAddress.getLoopbackAddress()), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void interfaceAddressesLeaveOutLoopbackUnlessAskedAndLinkLocalAlways() {
        List<InetAddress> withoutLoopback = HostCandidates.interfaceAddresses(false);
        List<InetAddress> withLoopback = HostCandidates.interfaceAddresses(true);

        assertThat(withoutLoopback).noneMatch(InetAddress::isLoopbackAddress)
                .noneMatch(InetAddress::isLinkLocalAddress);
        assertThat(withLoopback).anyMatch(InetAddress::isLoopbackAddress).containsAll(withoutLoopback);
    }
}
