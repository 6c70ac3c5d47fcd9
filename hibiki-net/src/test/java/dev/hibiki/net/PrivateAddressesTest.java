package dev.hibiki.net;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

/** Which addresses lead into the operator's network (or nowhere public), in every form an address can take. */
class PrivateAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {
            // IPv4: this network, private, carrier-grade NAT, loopback, link-local (cloud metadata)
            "0.0.0.0", "0.1.2.3", "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.255", "192.168.1.1",
            "100.64.0.1", "100.127.255.254", "127.0.0.1", "127.8.9.10", "169.254.169.254", "169.254.0.1",
            // IETF assignments, documentation, 6to4 relay anycast, benchmarking, multicast, reserved, broadcast
            "192.0.0.8", "192.0.2.1", "198.51.100.7", "203.0.113.9", "192.88.99.1", "198.18.0.1", "198.19.255.255",
            "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255",
            // IPv6: unspecified, loopback, unique-local, link-local, site-local, multicast, discard, documentation
            "::", "::1", "fc00::1", "fd12:3456::1", "fe80::1", "fec0::1", "ff02::1", "100::1", "2001:db8::1",
            "3fff::1", "2001:2::1", "2001:10::1", "2001:20::1", "5f00::1", "4000::1",
            // IPv4-mapped, -translated and -compatible forms of private IPv4 addresses
            "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::ffff:0:127.0.0.1",
            "::ffff:0:a9fe:a9fe", "::127.0.0.1", "::10.1.2.3",
            // NAT64 (well-known prefix embedding a private IPv4; the local-use prefix as a whole)
            "64:ff9b::7f00:1", "64:ff9b::127.0.0.1", "64:ff9b::a9fe:a9fe", "64:ff9b::a00:5", "64:ff9b:1::8.8.8.8",
            "64:ff9b:1:2::1",
            // 6to4 of a private IPv4
            "2002:7f00:1::1", "2002:a9fe:a9fe::", "2002:c0a8:101::1", "2002:a00:1::",
            // Teredo: client 127.0.0.1 stored inverted (80ff:fffe), or a private Teredo server
            "2001:0:4136:e378:8000:63bf:80ff:fffe", "2001:0:a00:1:0:0:3f57:fefd", "2001::f5ff:fffe"})
    void privateInEveryForm(String address) throws Exception {
        assertThat(PrivateAddresses.isPrivate(InetAddress.getByName(address))).as(address).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "93.184.216.34", "8.8.8.8", "1.1.1.1", "100.63.255.255", "100.128.0.1", "172.15.255.255", "172.32.0.1",
            "169.253.1.1", "192.0.1.1", "192.0.3.1", "192.169.0.1", "198.17.255.255", "198.20.0.1", "223.255.255.255",
            "2606:2800:220:1::1", "2001:4860:4860::8888", "2a00:1450:4001::1", "3ffe::1",
            "::ffff:8.8.8.8", "::8.8.8.8",
            "64:ff9b::808:808", "64:ff9b::93.184.216.34",
            "2002:808:808::1",
            // Teredo: server 65.54.227.120, client 8.8.8.8 inverted (f7f7:f7f7)
            "2001:0:4136:e378:8000:63bf:f7f7:f7f7"})
    void publicInEveryForm(String address) throws Exception {
        assertThat(PrivateAddresses.isPrivate(InetAddress.getByName(address))).as(address).isFalse();
    }
}
