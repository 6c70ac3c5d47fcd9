package dev.hibiki.server.cli;

import dev.hibiki.platform.config.Setting;
import dev.hibiki.server.HibikiServer;
import dev.hibiki.server.Main;
import dev.hibiki.server.config.HibikiConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every key the README lists with a flag can be given as that flag, on every command (secrets such as db.password
 * have none), whichever module declares the key.
 */
class ConfigOptionsTest {

    @Test
    void everySettingHasItsFlagOnEveryCommand() {
        CommandLine cli = Main.commandLine();
        for (String[] path : new String[][] {{"serve"}, {"token", "create"}, {"token", "list"}, {"sip", "app", "create"}}) {
            CommandLine command = cli;
            for (String name : path) command = command.getSubcommands().get(name);
            for (Setting s : HibikiServer.features().settings()) {
                if (s.flag() == null) continue;
                assertThat(command.getCommandSpec().findOption(s.flag()))
                        .as("option %s of %s on %s", s.flag(), s.yamlKey(), String.join(" ", path)).isNotNull();
            }
            assertThat(command.getCommandSpec().findOption("--db-password")).isNull();
            assertThat(command.getUsageMessage()).contains("--http-port=PORT", "HIBIKI_HTTP_PORT",
                    "--sip-port=PORT", "--hls-segment-format=FORMAT");
        }
    }

    @Test
    void theWebhookFlagsReachTheConfiguration() {
        var webhooks = serveConfig("--webhook-allow-private-networks", "true", "--webhook-timeout-seconds", "9",
                "--webhook-event-attempts", "4", "--data-dir", "target/config-options-test").webhooks();
        assertThat(webhooks.allowPrivateNetworks()).isTrue();
        assertThat(webhooks.timeout().toSeconds()).isEqualTo(9);
        assertThat(webhooks.eventAttempts()).isEqualTo(4);
    }

    @Test
    void theFeaturesFlagsReachTheirSettings() {
        HibikiConfig c = serveConfig("--sip-allow-private-networks", "true", "--media-port", "50123",
                "--hls-window-segments", "9", "--data-dir", "target/config-options-test");
        assertThat(c.sip().allowPrivateNetworks()).isTrue();
        assertThat(c.media().port()).isEqualTo(50123);
        assertThat(c.hls().windowSegments()).isEqualTo(9);
    }

    private static HibikiConfig serveConfig(String... flags) {
        CommandLine cli = Main.commandLine();
        String[] args = new String[flags.length + 1];
        args[0] = "serve";
        System.arraycopy(flags, 0, args, 1, flags.length);
        cli.parseArgs(args);
        ServeCommand serve = cli.getSubcommands().get("serve").getCommand();
        return HibikiConfig.from(serve.config.load());
    }
}
