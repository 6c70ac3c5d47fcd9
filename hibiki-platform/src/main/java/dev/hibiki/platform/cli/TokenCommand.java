package dev.hibiki.platform.cli;

import dev.hibiki.platform.persistence.Database;
import dev.hibiki.platform.token.AccessToken;
import dev.hibiki.platform.token.TokenService;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;

@Command(name = "token", description = "Manage API access tokens (works while the server runs).",
        mixinStandardHelpOptions = true,
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
public final class TokenCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: create, list or revoke");
    }

    static <T> T withTokens(ConfigOptions options, Function<TokenService, T> action) {
        Logging.quiet();
        try (Database db = options.openDatabase()) {
            return action.apply(new TokenService(db.jdbi()));
        }
    }

    @Command(name = "create", description = "Create a token and print it (only it) on standard output.",
            mixinStandardHelpOptions = true)
    static final class Create implements java.util.concurrent.Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "what the token is for")
        String name;

        @Override
        public Integer call() {
            String secret = withTokens(config, tokens -> tokens.create(name).secret());
            System.out.println(secret);
            return 0;
        }
    }

    @Command(name = "list", description = "List tokens (their secrets are not stored and cannot be shown).",
            mixinStandardHelpOptions = true)
    static final class ListTokens implements java.util.concurrent.Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Override
        public Integer call() {
            List<AccessToken> all = withTokens(config, TokenService::list);
            DateTimeFormatter time = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
            System.out.printf("%-20s  %-8s  %-27s  %s%n", "ID", "STATUS", "CREATED", "NAME");
            for (AccessToken t : all) {
                System.out.printf("%-20s  %-8s  %-27s  %s%n", t.id(), t.revoked() ? "revoked" : "active",
                        time.format(t.createdAt().withNano(0)), t.name());
            }
            return 0;
        }
    }

    @Command(name = "revoke", description = "Revoke a token: requests with it fail from now on.",
            mixinStandardHelpOptions = true)
    static final class Revoke implements java.util.concurrent.Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Parameters(paramLabel = "ID", description = "the token's id, as `hibiki token list` shows it")
        String id;

        @Override
        public Integer call() {
            boolean found = withTokens(config, tokens -> tokens.revoke(id));
            if (!found) {
                System.err.println("hibiki: no token with id " + id + " (see: hibiki token list)");
                return 1;
            }
            System.out.println("revoked " + id);
            return 0;
        }
    }
}
