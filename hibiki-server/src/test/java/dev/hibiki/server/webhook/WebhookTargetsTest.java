package dev.hibiki.server.webhook;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which webhook targets a tenant may choose when the operator does not allow private networks. */
class WebhookTargetsTest {

    private final WebhookTargets strict = new WebhookTargets(false);
    private final WebhookTargets open = new WebhookTargets(true);

    @Test
    void privateLoopbackLinkLocalAndReservedAddressesArePrivate() throws Exception {
        for (String a : new String[] {"127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "172.31.255.255",
                "192.168.1.1", "169.254.169.254", "100.64.0.1", "100.127.255.254", "0.0.0.0", "0.1.2.3", "192.0.0.8",
                "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1",
                "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254"}) {
            assertThat(WebhookTargets.isPrivate(InetAddress.getByName(a))).as(a).isTrue();
        }
    }

    @Test
    void publicAddressesAreNot() throws Exception {
        for (String a : new String[] {"93.184.216.34", "8.8.8.8", "100.63.255.255", "100.128.0.1", "172.32.0.1",
                "192.0.2.1", "2606:2800:220:1::1", "2001:4860:4860::8888", "::ffff:8.8.8.8"}) {
            assertThat(WebhookTargets.isPrivate(InetAddress.getByName(a))).as(a).isFalse();
        }
    }

    @Test
    void channelCreationRefusesPrivateLiteralsAndLocalhostNames() {
        assertThat(strict.literalProblem("auth_webhook_url", URI.create("http://127.0.0.1:8080/auth")))
                .isEqualTo("auth_webhook_url must not point to a private network address (127.0.0.1); "
                        + "the operator can allow that with webhook.allow_private_networks");
        assertThat(strict.literalProblem("event_webhook_url", URI.create("http://[::1]/e"))).contains("(::1)");
        assertThat(strict.literalProblem("event_webhook_url", URI.create("http://169.254.169.254/latest")))
                .contains("private network");
        assertThat(strict.literalProblem("auth_webhook_url", URI.create("https://LOCALHOST/a"))).contains("localhost");
        assertThat(strict.literalProblem("auth_webhook_url", URI.create("https://api.localhost/a"))).isNotNull();
    }

    @Test
    void channelCreationLeavesHostNamesAndPublicLiteralsToTheRequestTimeCheck() {
        assertThat(strict.literalProblem("auth_webhook_url", URI.create("https://hooks.example.com/auth"))).isNull();
        assertThat(strict.literalProblem("auth_webhook_url", URI.create("http://93.184.216.34/auth"))).isNull();
        assertThat(open.literalProblem("auth_webhook_url", URI.create("http://127.0.0.1/auth"))).isNull();
    }

    @Test
    void theRequestTimeCheckResolvesTheHost() throws Exception {
        assertThatThrownBy(() -> strict.check(URI.create("http://localhost:9/hook")))
                .isInstanceOf(WebhookTargets.PrivateTargetException.class)
                .hasMessageContaining("webhook.allow_private_networks");
        assertThatThrownBy(() -> strict.check(URI.create("http://[::ffff:127.0.0.1]:9/hook")))
                .isInstanceOf(WebhookTargets.PrivateTargetException.class);
        strict.check(URI.create("http://93.184.216.34/hook"));
        open.check(URI.create("http://localhost:9/hook"));
    }
}
