package dev.hibiki.sipgateway;

import dev.hibiki.platform.cli.ConfigOptions;
import dev.hibiki.platform.cli.Logging;
import dev.hibiki.platform.persistence.Database;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;

@Command(name = "sip", description = "Manage the SIP->RTMP gateway (works while the server runs).",
        mixinStandardHelpOptions = true, subcommands = {SipCommand.App.class})
public final class SipCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: app");
    }

    static <T> T withApps(ConfigOptions options, Function<SipAppService, T> action) {
        Logging.quiet();
        try (Database db = options.openDatabase()) {
            return action.apply(new SipAppService(db.jdbi()));
        }
    }

    @Command(name = "app", description = "Applications: the callback URL that receives the call states of an appKey.",
            mixinStandardHelpOptions = true, subcommands = {Create.class, ListApps.class, Delete.class})
    static final class App implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: create, list or delete");
        }
    }

    @Command(name = "create", description = "Register an appKey and its callback URL.", mixinStandardHelpOptions = true)
    static final class Create implements java.util.concurrent.Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Option(names = "--key", required = true, paramLabel = "KEY", description = "the appKey calls name in connection.appKey")
        String key;

        @Option(names = "--url", required = true, paramLabel = "URL", description = "http(s) URL that receives the call states (POST JSON)")
        String url;

        @Override
        public Integer call() {
            try {
                SipApp app = withApps(config, apps -> apps.create(key, url));
                System.out.println("created " + app.key() + " -> " + app.callbackUrl());
                return 0;
            } catch (IllegalArgumentException e) {
                System.err.println("hibiki: " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "list", description = "List the apps.", mixinStandardHelpOptions = true)
    static final class ListApps implements java.util.concurrent.Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Override
        public Integer call() {
            List<SipApp> all = withApps(config, SipAppService::list);
            System.out.printf("%-30s  %-27s  %s%n", "KEY", "CREATED", "CALLBACK URL");
            for (SipApp a : all) {
                System.out.printf("%-30s  %-27s  %s%n", a.key(),
                        DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(a.createdAt().withNano(0)), a.callbackUrl());
            }
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete an app; its calls no longer report.", mixinStandardHelpOptions = true)
    static final class Delete implements java.util.concurrent.Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Option(names = "--key", required = true, paramLabel = "KEY")
        String key;

        @Override
        public Integer call() {
            if (!withApps(config, apps -> apps.delete(key))) {
                System.err.println("hibiki: no SIP app with key " + key + " (see: hibiki sip app list)");
                return 1;
            }
            System.out.println("deleted " + key);
            return 0;
        }
    }
}
