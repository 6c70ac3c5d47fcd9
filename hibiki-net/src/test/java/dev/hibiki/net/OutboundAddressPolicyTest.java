package dev.hibiki.net;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The policy at request time and right before connecting, with names resolved by a resolver the test controls. */
class OutboundAddressPolicyTest {

    private static final String SETTING = "sip.allow_private_networks";

    /** Answers from the map; other names are unknown; IP literals are parsed. */
    private static OutboundAddressPolicy.HostResolver names(Map<String, String> table) {
        return host -> {
            String a = table.get(host);
            if (a != null) return new InetAddress[] {InetAddress.getByName(a)};
            if (host.contains(":") || host.matches("[0-9.]+")) return new InetAddress[] {InetAddress.getByName(host)};
            throw new UnknownHostException(host);
        };
    }

    private final OutboundAddressPolicy strict = OutboundAddressPolicy.of(false, SETTING)
            .withResolver(names(Map.of("internal.test", "10.0.0.5", "metadata.test", "169.254.169.254",
                    "public.test", "93.184.216.34")));

    @Test
    void atRequestTimePrivateLiteralsLocalhostAndNamesResolvingPrivatelyAreRefused() {
        assertThatThrownBy(() -> strict.checkNamed("connection.sipDomain", "127.0.0.1"))
                .isInstanceOf(DestinationNotAllowedException.class)
                .hasMessage("connection.sipDomain is not allowed: 127.0.0.1 is a private network address (loopback, "
                        + "private, link-local, carrier-grade NAT or reserved); the operator can allow private "
                        + "networks with sip.allow_private_networks");
        assertThatThrownBy(() -> strict.checkNamed("rtmpUrl", "[::ffff:169.254.169.254]"))
                .hasMessageStartingWith("rtmpUrl is not allowed: ::ffff:169.254.169.254 is a private network address");
        assertThatThrownBy(() -> strict.checkNamed("rtmpUrl", "[64:ff9b::7f00:1]")).hasMessageContaining("not allowed");
        assertThatThrownBy(() -> strict.checkNamed("callee", "LocalHost.")).hasMessageContaining("not allowed");
        assertThatThrownBy(() -> strict.checkNamed("callee", "api.localhost")).hasMessageContaining("loopback name");
        assertThatThrownBy(() -> strict.checkNamed("connection.sipOutboundProxy", "internal.test"))
                .hasMessageStartingWith("connection.sipOutboundProxy is not allowed: internal.test resolves to a private "
                        + "network address")
                .hasMessageNotContaining("10.0.0.5");
    }

    @Test
    void atRequestTimePublicAddressesAndUnknownNamesPass() throws Exception {
        strict.checkNamed("rtmpUrl", "93.184.216.34");
        strict.checkNamed("rtmpUrl", "public.test");
        strict.checkNamed("rtmpUrl", "[2001:4860:4860::8888]");
        strict.checkNamed("rtmpUrl", "not-yet-in-dns.test");
        OutboundAddressPolicy open = OutboundAddressPolicy.of(true, SETTING).withResolver(names(Map.of()));
        open.checkNamed("connection.sipDomain", "127.0.0.1");
        open.checkNamed("connection.sipDomain", "localhost");
    }

    @Test
    void beforeConnectingEveryAddressIsCheckedAndReturned() throws Exception {
        assertThat(strict.resolve("public.test")).containsExactly(InetAddress.getByName("93.184.216.34"));
        assertThat(strict.resolve("public.test").getFirst().getHostName()).as("named as asked, not looked up again")
                .isEqualTo("public.test");
        assertThatThrownBy(() -> strict.resolve("metadata.test"))
                .isInstanceOf(DestinationNotAllowedException.class)
                .hasMessage("metadata.test is not allowed: it is or resolves to a private network address (loopback, "
                        + "private, link-local, carrier-grade NAT or reserved); the operator can allow private "
                        + "networks with sip.allow_private_networks")
                .satisfies(e -> assertThat(((DestinationNotAllowedException) e).address())
                        .isEqualTo(InetAddress.getByName("169.254.169.254")));
        assertThatThrownBy(() -> strict.resolve("localhost")).isInstanceOf(DestinationNotAllowedException.class);
        assertThatThrownBy(() -> strict.resolve("nowhere.test")).isInstanceOf(UnknownHostException.class);
    }

    @Test
    void aNameWithOnePrivateAddressAmongPublicOnesIsRefusedWhole() {
        OutboundAddressPolicy mixed = OutboundAddressPolicy.of(false, SETTING).withResolver(host -> new InetAddress[] {
                InetAddress.getByName("93.184.216.34"), InetAddress.getByName("127.0.0.1")});
        assertThatThrownBy(() -> mixed.resolve("mixed.test")).isInstanceOf(DestinationNotAllowedException.class);
        assertThatThrownBy(() -> mixed.checkNamed("rtmpUrl", "mixed.test")).isInstanceOf(DestinationNotAllowedException.class);
    }

    @Test
    void eachConnectionLooksTheNameUpOnceAndGetsTheAddressThatWasChecked() throws Exception {
        // a rebinding name: public on the first lookup, loopback on every later one
        Deque<String> answers = new ArrayDeque<>(List.of("93.184.216.34", "127.0.0.1", "127.0.0.1"));
        AtomicInteger lookups = new AtomicInteger();
        OutboundAddressPolicy rebinding = OutboundAddressPolicy.of(false, SETTING).withResolver(host -> {
            lookups.incrementAndGet();
            return new InetAddress[] {InetAddress.getByName(answers.pop())};
        });
        assertThat(rebinding.resolve("rebind.test")).containsExactly(InetAddress.getByName("93.184.216.34"));
        assertThat(lookups).hasValue(1);
        assertThatThrownBy(() -> rebinding.resolve("rebind.test")).isInstanceOf(DestinationNotAllowedException.class);
        assertThat(lookups).hasValue(2);
    }

    @Test
    void anAddressAPeerHandedOverIsCheckedAsItIs() throws Exception {
        assertThatThrownBy(() -> strict.checkAddress("the answer's audio address", InetAddress.getByName("169.254.169.254")))
                .hasMessageStartingWith("the answer's audio address is not allowed: it is a private network address");
        strict.checkAddress("the answer's audio address", InetAddress.getByName("93.184.216.34"));
        OutboundAddressPolicy.allowingPrivateNetworks().checkAddress("x", InetAddress.getLoopbackAddress());
    }

    @Test
    void testsMayLetOneLoopbackAddressStandForThePublicInternet() throws Exception {
        OutboundAddressPolicy twoLoopbacks = strict.withPrivateAddresses(a -> a.getHostAddress().equals("127.0.0.2"));
        assertThat(twoLoopbacks.resolve("127.0.0.1")).containsExactly(InetAddress.getByName("127.0.0.1"));
        assertThatThrownBy(() -> twoLoopbacks.resolve("127.0.0.2")).isInstanceOf(DestinationNotAllowedException.class);
        assertThatThrownBy(() -> twoLoopbacks.checkNamed("rtmpUrl", "localhost"))
                .as("localhost names stay refused").isInstanceOf(DestinationNotAllowedException.class);
    }

    @Test
    void allowedPrivateNetworksStillResolveOnce() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        OutboundAddressPolicy open = OutboundAddressPolicy.allowingPrivateNetworks().withResolver(host -> {
            lookups.incrementAndGet();
            return new InetAddress[] {InetAddress.getLoopbackAddress()};
        });
        assertThat(open.resolve("sip.pinned.test")).containsExactly(InetAddress.getLoopbackAddress());
        assertThat(open.resolve("localhost")).containsExactly(InetAddress.getLoopbackAddress());
        assertThat(lookups).hasValue(2);
        assertThat(open.allowsPrivateNetworks()).isTrue();
    }
}
