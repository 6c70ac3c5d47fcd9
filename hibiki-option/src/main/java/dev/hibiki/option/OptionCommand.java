package dev.hibiki.option;

import dev.hibiki.platform.cli.ConfigOptions;
import dev.hibiki.platform.cli.Logging;
import dev.hibiki.platform.persistence.Database;
import dev.hibiki.platform.security.PasswordHasher;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "option", description = "Manage the Live Streaming Option (works while the server runs).",
        mixinStandardHelpOptions = true, subcommands = {OptionCommand.Init.class})
public final class OptionCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: init");
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Create a system (organisation) with its master user; prints ACCESS_CODE=... (shown once"
                    + " only, eval-able), which the system's users give at login.")
    static final class Init implements Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Option(names = "--name", required = true, paramLabel = "ORG", description = "the organisation's name")
        String name;

        @Option(names = "--email", required = true, paramLabel = "EMAIL", description = "the master user's email")
        String email;

        @Option(names = "--password", required = true, paramLabel = "PASSWORD",
                description = "the master user's password (8 to 128 characters)")
        String password;

        @Option(names = "--user-name", paramLabel = "NAME",
                description = "the master user's display name (1 to 30 characters; default: the email's local part)")
        String userName;

        @Override
        public Integer call() {
            Logging.quiet();
            String shownName = userName != null ? userName : defaultName(email);
            try (Database db = config.openDatabase()) {
                // Token expiry plays no part in creating a system; the zone only formats times.
                OptionTimes times = new OptionTimes(java.time.ZoneOffset.UTC, Clock.systemUTC());
                SystemService systems = new SystemService(db.jdbi(), new PasswordHasher(), times,
                        new LoginTokens(db.jdbi(), times, Duration.ofHours(1)));
                SystemService.CreatedSystem created = systems.create(name, shownName, email, password);
                // Exactly this line, so that `eval "$(hibiki option init ...)"` sets the variable.
                System.out.println("ACCESS_CODE=" + created.accessCode());
                return 0;
            } catch (OptionException e) {
                System.err.println("hibiki: " + e.getMessage());
                return 1;
            }
        }

        private static String defaultName(String email) {
            String local = email == null ? "" : email.strip();
            int at = local.indexOf('@');
            if (at > 0) local = local.substring(0, at);
            return local.codePointCount(0, local.length()) > OptionRules.MAX_NAME
                    ? local.substring(0, local.offsetByCodePoints(0, OptionRules.MAX_NAME)) : local;
        }
    }
}
