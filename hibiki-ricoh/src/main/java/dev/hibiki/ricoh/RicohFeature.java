package dev.hibiki.ricoh;

import dev.hibiki.live.channel.ChannelService;
import dev.hibiki.live.signaling.ChannelConnections;
import dev.hibiki.live.signaling.ConnectGates;
import dev.hibiki.platform.Feature;
import dev.hibiki.platform.Platform;
import dev.hibiki.platform.StartupException;
import dev.hibiki.platform.config.Setting;
import dev.hibiki.platform.persistence.MigrationFolder;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The RICOH Live Streaming API as a feature, on top of live channels: {@code POST /v1/token} (OAuth 2.0 client
 * credentials), {@code /v1/rooms} with their tickets, and {@code hibiki client}. Starts after live.
 */
public final class RicohFeature implements Feature {

    static final MigrationFolder MIGRATIONS = new MigrationFolder("ricoh", List.of());

    private final Clock clock;
    private ApiClientService clients;
    private TicketService tickets;

    public RicohFeature() {
        this(Clock.systemUTC());
    }

    /** @param clock when tokens and tickets expire (tests move it) */
    public RicohFeature(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "ricoh";
    }

    @Override
    public List<Setting> settings() {
        return RicohSettings.ALL;
    }

    @Override
    public Optional<MigrationFolder> migrations() {
        return Optional.of(MIGRATIONS);
    }

    @Override
    public List<Class<?>> commands() {
        return List.of(ClientCommand.class);
    }

    @Override
    public void start(Platform platform) {
        RicohSettings settings = platform.settings(RicohSettings.class);
        ChannelService channels = platform.find(ChannelService.class).orElseThrow(() -> new StartupException(
                "the RICOH API needs the live channels feature, which must start before it", null));
        ChannelConnections connections = platform.find(ChannelConnections.class).orElseThrow(() -> new StartupException(
                "the RICOH API needs live's signaling, which must start before it", null));
        clients = new ApiClientService(platform.jdbi(), clock);
        RoomService rooms = new RoomService(platform.jdbi(), channels, clock);
        tickets = new TicketService(platform.jdbi(), rooms, connections, settings.ticketTtl(), clock);
        OAuthTokenEndpoint token = new OAuthTokenEndpoint(clients, settings.tokenTtl(), platform.bearer().throttle());
        platform.find(ConnectGates.class).orElseThrow(() -> new StartupException(
                "the RICOH API needs live's signaling, which must start before it", null))
                .add(new RoomTicketGate(rooms, tickets));
        RoomsApi api = new RoomsApi(new RicohAuthenticator(clients, platform.bearer().throttle()), rooms, tickets, connections, platform.urls());
        platform.routes(cfg -> {
            token.register(cfg);
            api.register(cfg);
        });
    }

    /** The API clients, as {@code hibiki client} manages them; null before {@link #start}. */
    public ApiClientService clients() {
        return clients;
    }

    /** The tickets, which the signaling side redeems; null before {@link #start}. */
    public TicketService tickets() {
        return tickets;
    }

    @Override
    public void stop() {
    }
}
