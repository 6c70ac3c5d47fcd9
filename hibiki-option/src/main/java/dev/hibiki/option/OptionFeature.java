package dev.hibiki.option;

import dev.hibiki.live.ChannelAudience;
import dev.hibiki.live.channel.ChannelService;
import dev.hibiki.live.signaling.ChannelConnections;
import dev.hibiki.platform.Feature;
import dev.hibiki.platform.Platform;
import dev.hibiki.platform.StartupException;
import dev.hibiki.platform.config.Setting;
import dev.hibiki.platform.persistence.MigrationFolder;
import dev.hibiki.platform.security.PasswordHasher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The ImageFlux Live Streaming Option as a feature, on top of live channels: {@code /api/login}, users,
 * schedules, delivery/view information and chat, and {@code hibiki option init}. Starts after live.
 */
public final class OptionFeature implements Feature {

    static final MigrationFolder MIGRATIONS = new MigrationFolder("option", List.of());
    /** How often ended schedules' channels are looked for: a channel outlives its schedule by at most this. */
    static final long SWEEP_SECONDS = 30;

    private static final Logger LOG = LoggerFactory.getLogger(OptionFeature.class);

    private final Clock clock;
    private final PasswordHasher hasher;
    private final Consumer<String> channelDeletedListener;
    private boolean backgroundSweep = true;
    private ScheduledExecutorService sweeper;
    private ScheduleChannels scheduleChannels;
    private SystemService systems;
    private ChatApi chatApi;

    public OptionFeature() {
        this(Clock.systemUTC(), new PasswordHasher(), channelId -> { });
    }

    /**
     * @param clock                  when tokens expire and schedules start and end (tests move it)
     * @param hasher                 how passwords and access codes are hashed (tests use cheap parameters)
     * @param channelDeletedListener hears each channel the option deleted, after live closed its connections
     */
    OptionFeature(Clock clock, PasswordHasher hasher, Consumer<String> channelDeletedListener) {
        this.clock = clock;
        this.hasher = hasher;
        this.channelDeletedListener = channelDeletedListener;
    }

    @Override
    public String name() {
        return "option";
    }

    @Override
    public List<Setting> settings() {
        return OptionSettings.ALL;
    }

    @Override
    public Optional<MigrationFolder> migrations() {
        return Optional.of(MIGRATIONS);
    }

    @Override
    public List<Class<?>> commands() {
        return List.of(OptionCommand.class);
    }

    @Override
    public void start(Platform platform) {
        OptionSettings settings = platform.settings(OptionSettings.class);
        ChannelService channels = platform.find(ChannelService.class).orElseThrow(() -> new StartupException(
                "the Live Streaming Option needs the live channels feature, which must start before it", null));
        // Live closes a deleted channel's connections and HLS output; without it there are none to close.
        Optional<ChannelConnections> connections = platform.find(ChannelConnections.class);
        Consumer<String> channelDeleted = channelId -> {
            connections.ifPresent(c -> c.disconnectAll(channelId));
            channelDeletedListener.accept(channelId);
        };
        OptionTimes times = new OptionTimes(settings.zone(), clock);
        LoginTokens tokens = new LoginTokens(platform.jdbi(), times, settings.tokenTtl());
        systems = new SystemService(platform.jdbi(), hasher, times, tokens);
        UserService users = new UserService(platform.jdbi(), hasher, times, tokens);
        scheduleChannels = new ScheduleChannels(platform.jdbi(), channels, times, settings.deliveryLead(),
                ImageFluxParams::ladder, channelDeleted);
        ScheduleService schedules = new ScheduleService(platform.jdbi(), times, scheduleChannels);
        ChatService chats = new ChatService(platform.jdbi(), times);
        OptionAuth auth = new OptionAuth(tokens, platform.bearer().throttle());
        AccountApi account = new AccountApi(new LoginService(platform.jdbi(), hasher, tokens), new LoginThrottle(clock),
                users, systems, tokens, auth, times);
        UserApi userApi = new UserApi(users, auth, times);
        ChannelAudience audience = platform.find(ChannelAudience.class).orElseThrow(() -> new StartupException(
                "the Live Streaming Option needs live's channel audience, which must start before it", null));
        ScheduleApi scheduleApi = new ScheduleApi(schedules, scheduleChannels, auth, times, platform.urls(), audience);
        chatApi = new ChatApi(chats, auth, times);
        platform.routes(cfg -> {
            OptionWebApp.register(cfg);
            account.register(cfg);
            userApi.register(cfg);
            scheduleApi.register(cfg);
            chatApi.register(cfg);
        });
        if (!backgroundSweep) return;
        sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("option-channel-sweep")
                .daemon().factory());
        sweeper.scheduleWithFixedDelay(this::sweepQuietly, SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
    }

    private void sweepQuietly() {
        try {
            sweepEndedChannels();
        } catch (RuntimeException e) {
            LOG.warn("deleting ended schedules' channels failed; trying again in {} s: {}", SWEEP_SECONDS, e.toString());
        }
    }

    /**
     * Deletes the channels of schedules that have ended (the sweep does this every {@link #SWEEP_SECONDS}).
     *
     * @return how many were deleted
     */
    public int sweepEndedChannels() {
        return scheduleChannels.sweep();
    }

    /** For tests that call {@link #sweepEndedChannels} themselves and must not race the background sweep. */
    OptionFeature withoutBackgroundSweep() {
        backgroundSweep = false;
        return this;
    }

    /** The systems, for tests; null before {@link #start}. */
    SystemService systems() {
        return systems;
    }

    /**
     * Creates a system with its master user, as {@code hibiki option init} does, for tests of the whole server.
     *
     * @return the access code
     */
    public String createSystem(String name, String email, String password) {
        return systems.create(name, email.substring(0, email.indexOf('@')), email, password).accessCode();
    }

    @Override
    public void stop() {
        if (chatApi != null) chatApi.closeStreams();
        if (sweeper != null) sweeper.shutdownNow();
    }
}
