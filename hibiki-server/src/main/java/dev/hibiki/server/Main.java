package dev.hibiki.server;

import dev.hibiki.server.cli.ServeCommand;
import dev.hibiki.server.cli.TokenCommand;
import dev.hibiki.server.config.ConfigException;
import dev.hibiki.server.sip.SipCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code bin/hibiki}. */
@Command(name = "hibiki", mixinStandardHelpOptions = true, version = "Hibiki 0.1.0",
        description = "Live streaming server: WebRTC in, WebRTC and HLS out, ImageFlux/Sora-compatible APIs, SIP->RTMP gateway.",
        subcommands = {ServeCommand.class, TokenCommand.class, SipCommand.class})
public final class Main implements Runnable {

    /** Exit code for invalid configuration or usage. */
    public static final int EXIT_CONFIG = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: serve, token or sip");
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException) {
                System.err.println("hibiki: " + e.getMessage());
                return EXIT_CONFIG;
            }
            System.err.println("hibiki: " + (e instanceof StartupException ? e.getMessage() : StartupException.rootMessage(e)));
            return 1;
        });
        return cli.execute(args);
    }
}
