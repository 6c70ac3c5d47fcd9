package dev.hibiki.server.cli;

import dev.hibiki.server.config.Setting;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/** Every setting the README lists with a flag can be given as that flag (secrets such as db.password have none). */
class ConfigOptionsTest {

    @Test
    void everySettingHasItsFlag() {
        CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.forAnnotatedObject(new ConfigOptions());
        for (Setting s : Setting.values()) {
            if (s.flag() == null) continue;
            assertThat(spec.findOption(s.flag())).as("option %s of %s", s.flag(), s.yamlKey()).isNotNull();
        }
    }

    @Test
    void theWebhookFlagsReachTheConfiguration() {
        ConfigOptions options = new ConfigOptions();
        new CommandLine(options).parseArgs("--webhook-allow-private-networks", "true", "--webhook-timeout-seconds", "9",
                "--webhook-event-attempts", "4", "--data-dir", "target/config-options-test");
        var webhooks = options.load().webhooks();
        assertThat(webhooks.allowPrivateNetworks()).isTrue();
        assertThat(webhooks.timeout().toSeconds()).isEqualTo(9);
        assertThat(webhooks.eventAttempts()).isEqualTo(4);
    }

    @Test
    void theSipPrivateNetworksFlagReachesTheConfiguration() {
        ConfigOptions options = new ConfigOptions();
        new CommandLine(options).parseArgs("--sip-allow-private-networks", "true", "--data-dir", "target/config-options-test");
        assertThat(options.load().sip().allowPrivateNetworks()).isTrue();
    }
}
