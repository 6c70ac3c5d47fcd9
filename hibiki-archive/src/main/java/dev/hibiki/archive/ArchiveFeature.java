package dev.hibiki.archive;

import dev.hibiki.live.channel.ArchiveDestinationCheck;
import dev.hibiki.live.channel.ChannelService;
import dev.hibiki.live.hls.HlsFileListener;
import dev.hibiki.platform.Feature;
import dev.hibiki.platform.Platform;
import dev.hibiki.platform.StartupException;
import dev.hibiki.platform.config.Setting;
import dev.hibiki.platform.persistence.MigrationFolder;
import dev.hibiki.storage.StoreOptions;
import dev.hibiki.storage.spool.SpoolSettings;
import dev.hibiki.storage.spool.UploadSpool;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The archive as a feature, on top of live channels: the destination API, the upload spool in
 * {@code data_dir/archive/spool} (drained from where it stopped after a restart), and the recorder that hears the
 * HLS outputs' files, with the VOD master playlists it holds back in {@code data_dir/archive/held} and the
 * journals of live broadcasts in {@code data_dir/archive/broadcasts}.
 */
public final class ArchiveFeature implements Feature {

    static final MigrationFolder MIGRATIONS = new MigrationFolder("archive", List.of());

    private UploadSpool spool;
    private ArchiveStores stores;

    @Override
    public String name() {
        return "archive";
    }

    @Override
    public List<Setting> settings() {
        return ArchiveSettings.ALL;
    }

    @Override
    public Optional<MigrationFolder> migrations() {
        return Optional.of(MIGRATIONS);
    }

    @Override
    public void start(Platform platform) {
        ArchiveSettings settings = platform.settings(ArchiveSettings.class);
        ChannelService channels = platform.find(ChannelService.class).orElseThrow(() -> new StartupException(
                "the archive needs the live channels feature, which must start before it", null));
        ArchiveDestinationStore destinations = new ArchiveDestinationStore(platform.jdbi(), platform.secrets());
        stores = new ArchiveStores(destinations, settings.policy(), StoreOptions.defaults());
        ArchiveEvents events = new ArchiveEvents(channels, stores, platform.events(), platform.metrics());
        Path dir = platform.config().dataDir().resolve("archive");
        HeldVodMasters masters = new HeldVodMasters(dir.resolve("held"), events);
        ArchiveRecorder recorder;
        try {
            spool = UploadSpool.open(dir.resolve("spool"), stores::store, masters, SpoolSettings.defaults()
                    .withWorkers(settings.uploadWorkers()).withMaxBytes(settings.spoolMaxBytes()), platform.metrics());
            recorder = new ArchiveRecorder(spool, dir.resolve("scratch"), dir.resolve("broadcasts"), events, masters);
            masters.releaseTo(recorder::queuePlaylist);
        } catch (IOException e) {
            throw new StartupException("cannot open the archive's upload spool in " + dir + ": "
                    + StartupException.rootMessage(e), e);
        }
        recorder.finishInterruptedBroadcasts();
        platform.provide(HlsFileListener.class, recorder);
        platform.provide(ArchiveDestinationCheck.class, (owner, id) -> destinations.find(owner, id).isPresent());
        new ArchiveDestinationApi(destinations, stores, channels).registerWith(platform.api());
    }

    @Override
    public void stop() {
        if (spool != null) spool.close();
        if (stores != null) stores.close();
    }
}
