package dev.hibiki.ricoh;

import dev.hibiki.platform.cli.ConfigOptions;
import dev.hibiki.platform.cli.Logging;
import dev.hibiki.platform.persistence.Database;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

@Command(name = "client", description = "Manage RICOH Live Streaming API clients (works while the server runs).",
        mixinStandardHelpOptions = true, subcommands = {ClientCommand.Create.class, ClientCommand.ListClients.class,
        ClientCommand.Revoke.class})
public final class ClientCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: create, list or revoke");
    }

    static <T> T withClients(ConfigOptions options, Function<ApiClientService, T> action) {
        Logging.quiet();
        try (Database db = options.openDatabase()) {
            return action.apply(new ApiClientService(db.jdbi(), Clock.systemUTC()));
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a client; prints CLIENT_ID=... and CLIENT_SECRET=... (shown once only, eval-able).")
    static final class Create implements Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "who the client is for")
        String name;

        @Option(names = "--max-rooms", paramLabel = "K", defaultValue = "" + ApiClientService.DEFAULT_MAX_ROOMS,
                description = "rooms the client may own at once (default: ${DEFAULT-VALUE})")
        int maxRooms;

        @Override
        public Integer call() {
            try {
                IssuedClient issued = withClients(config, clients -> clients.create(name, maxRooms));
                // Exactly these two lines, so that `eval "$(hibiki client create ...)"` sets both variables.
                System.out.println("CLIENT_ID=" + issued.client().id());
                System.out.println("CLIENT_SECRET=" + issued.secret());
                return 0;
            } catch (IllegalArgumentException e) {
                System.err.println("hibiki: " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "list", description = "List the clients.", mixinStandardHelpOptions = true)
    static final class ListClients implements Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Override
        public Integer call() {
            List<ApiClient> all = withClients(config, ApiClientService::list);
            System.out.printf("%-26s  %-9s  %-20s  %-20s  %s%n", "ID", "MAX_ROOMS", "CREATED", "REVOKED", "NAME");
            for (ApiClient c : all) {
                System.out.printf("%-26s  %-9d  %-20s  %-20s  %s%n", c.id(), c.maxRooms(), Times.rfc3339(c.createdAt()),
                        c.revokedAt() == null ? "-" : Times.rfc3339(c.revokedAt()), c.name());
            }
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke a client: its tokens stop working and its rooms take no new connections.")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            if (!withClients(config, clients -> clients.revoke(id))) {
                System.err.println("hibiki: no client with id " + id + " (see: hibiki client list)");
                return 1;
            }
            System.out.println("revoked " + id);
            return 0;
        }
    }
}
