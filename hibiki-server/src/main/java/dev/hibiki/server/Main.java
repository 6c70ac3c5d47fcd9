package dev.hibiki.server;

import dev.hibiki.platform.Feature;
import dev.hibiki.platform.InstalledFeatures;
import dev.hibiki.platform.StartupException;
import dev.hibiki.platform.cli.ConfigOptions;
import dev.hibiki.platform.cli.TokenCommand;
import dev.hibiki.platform.config.ConfigException;
import dev.hibiki.server.cli.ServeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code bin/hibiki}. */
@Command(name = "hibiki", mixinStandardHelpOptions = true, version = "Hibiki 0.1.0",
        description = "Live streaming server: WebRTC in, WebRTC and HLS out, ImageFlux/Sora-compatible APIs, SIP->RTMP gateway.",
        subcommands = {ServeCommand.class, TokenCommand.class})
public final class Main implements Runnable {

    /** Exit code for invalid configuration or usage. */
    public static final int EXIT_CONFIG = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: " + String.join(", ", spec.subcommands().keySet()));
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        return commandLine().execute(args);
    }

    /** {@code hibiki} with its own commands, each feature's, and every configuration flag. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        InstalledFeatures installed = HibikiServer.features();
        for (Feature feature : installed.features()) {
            feature.commands().forEach(cli::addSubcommand);
        }
        ConfigOptions.addTo(cli, installed);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException) {
                System.err.println("hibiki: " + e.getMessage());
                return EXIT_CONFIG;
            }
            System.err.println("hibiki: " + (e instanceof StartupException ? e.getMessage() : StartupException.rootMessage(e)));
            return 1;
        });
        return cli;
    }
}
