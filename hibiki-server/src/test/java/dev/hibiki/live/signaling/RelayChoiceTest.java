package dev.hibiki.live.signaling;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An auth webhook's relay payouts: Sora's turn_tcp_only / turn_tls_only, and ice_transport_policy. */
class RelayChoiceTest {

    private static final List<IceServers.IceServer> SERVERS = List.of(
            new IceServers.IceServer(List.of("turn:192.0.2.1:3478?transport=udp", "turn:192.0.2.1:3478?transport=tcp"),
                    "1:c", "p"),
            new IceServers.IceServer(List.of("turns:turn.example.com:443?transport=tcp"), "1:c", "q"));

    private static ObjectNode answer() {
        return JsonNodeFactory.instance.objectNode();
    }

    @Test
    void withoutPayoutsTheServersAndPolicyStay() throws Exception {
        RelayChoice c = RelayChoice.of(answer());
        assertThat(c.filter(SERVERS)).isEqualTo(SERVERS);
        assertThat(c.policyOr("all")).isEqualTo("all");
    }

    @Test
    void tcpOnlyKeepsTcpAndTlsUrlsAndTlsOnlyKeepsTls() throws Exception {
        List<IceServers.IceServer> tcp = RelayChoice.of(answer().put("turn_tcp_only", true)).filter(SERVERS);
        assertThat(tcp.get(0).urls()).containsExactly("turn:192.0.2.1:3478?transport=tcp");
        assertThat(tcp.get(1).urls()).containsExactly("turns:turn.example.com:443?transport=tcp");
        List<IceServers.IceServer> tls = RelayChoice.of(answer().put("turn_tls_only", true)).filter(SERVERS);
        assertThat(tls).hasSize(1);
        assertThat(tls.get(0).credential()).isEqualTo("q");
    }

    @Test
    void thePolicyMayBeOverriddenAndBadValuesRefuseTheConnection() throws Exception {
        assertThat(RelayChoice.of(answer().put("ice_transport_policy", "relay")).policyOr("all")).isEqualTo("relay");
        assertThatThrownBy(() -> RelayChoice.of(answer().put("ice_transport_policy", "none")))
                .hasMessageStartingWith("INVALID-AUTH-WEBHOOK-RESPONSE: ice_transport_policy");
        assertThatThrownBy(() -> RelayChoice.of(answer().put("turn_tcp_only", "yes")))
                .hasMessageContaining("turn_tcp_only must be a boolean");
    }
}
