package dev.hibiki.ice;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;

class DatagramDestinationTest {

    @Test
    void decodesAnIpv4AddressInNetworkOrder() throws Exception {
        DatagramDestination d = DatagramDestination.of(new InetSocketAddress(InetAddress.getByName("192.168.1.250"), 50000));
        assertThat(d.isResolved()).isTrue();
        assertThat(d.isIpv6()).isFalse();
        assertThat(d.ipv4()).isEqualTo(0xC0A801FA);
        assertThat(d.port()).isEqualTo(50000);
    }

    @Test
    void decodesAnIpv6AddressWithItsScope() throws Exception {
        InetAddress ip = InetAddress.getByName("fe80::1:2:3:4%7");
        DatagramDestination d = DatagramDestination.of(new InetSocketAddress(ip, 443));
        assertThat(d.isIpv6()).isTrue();
        assertThat(d.ipv6High()).isEqualTo(0xFE80_0000_0000_0000L);
        assertThat(d.ipv6Low()).isEqualTo(0x0001_0002_0003_0004L);
        assertThat(d.scopeId()).isEqualTo(7);
        assertThat(d.port()).isEqualTo(443);
    }

    @Test
    void anUnresolvedNameHasNoAddressToSendTo() {
        DatagramDestination d = DatagramDestination.of(InetSocketAddress.createUnresolved("example.invalid", 9));
        assertThat(d.isResolved()).isFalse();
    }

    @Test
    void equalByTheSocketAddress() throws Exception {
        InetSocketAddress a = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 9);
        assertThat(DatagramDestination.of(a)).isEqualTo(DatagramDestination.of(new InetSocketAddress("127.0.0.1", 9)))
                .hasSameHashCodeAs(DatagramDestination.of(a))
                .isNotEqualTo(DatagramDestination.of(new InetSocketAddress("127.0.0.1", 10)));
        assertThat(DatagramDestination.of(a).address()).isSameAs(a);
    }
}
