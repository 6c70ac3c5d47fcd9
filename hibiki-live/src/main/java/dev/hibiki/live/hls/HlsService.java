package dev.hibiki.live.hls;

import dev.hibiki.hls.playlist.HlsOutputDirectory;
import dev.hibiki.hls.playlist.SegmentKey;
import dev.hibiki.hls.transcode.LadderTranscoder;
import dev.hibiki.hls.transcode.TranscodeOptions;
import dev.hibiki.live.channel.Channel;
import dev.hibiki.live.channel.ChannelKind;
import dev.hibiki.live.channel.ChannelService;
import dev.hibiki.live.config.HlsSettings;
import dev.hibiki.platform.persistence.RandomIds;
import dev.hibiki.sfu.Connection;
import dev.hibiki.sfu.PublicationListener;
import dev.hibiki.sfu.PublishedTrack;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * Turns the senders of HLS channels into HLS outputs under {@code <root>/<channel id>/<playlist key>/}: the one
 * sender of a single-stream channel into the channel's playlist, every sender of a multistream-with-HLS channel into
 * a playlist of its own (with a random key, listed by {@link #playlists}).
 *
 * <p>Threads: the SFU's callbacks only queue work on the {@code hls-control} thread (database look-ups, starting
 * and stopping transcoders); the {@code hls-rtp} thread drains every output's jitter buffers every 10 ms; each
 * transcoder has its own worker. Nothing here runs on the UDP receive thread except copying packets.
 */
public final class HlsService implements PublicationListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HlsService.class);
    private static final int PLAYLIST_KEY_LENGTH = 32; // 160 random bits, like a channel's playlist key
    private static final long DRAIN_INTERVAL_MILLIS = 10;

    /** A live output as ListPlaylistURLs reports it. */
    public record Playlist(String connectionId, String playlistUrl) {
    }

    /**
     * Told when an output's master playlist first exists (for the {@code notify.playlist_url} event webhook). Called
     * on the output's transcoder thread: hand the work off, never block.
     */
    @FunctionalInterface
    public interface PlaylistListener {
        void onPlaylistReady(String channelId, Playlist playlist);
    }

    private volatile PlaylistListener playlistListener = (channelId, playlist) -> { };

    private final ChannelService channels;
    private final EncryptKeyStore keys;
    private final Path root;
    private final HlsSettings settings;
    private final BiFunction<String, String, String> playlistUrl;
    private final java.util.function.Supplier<HlsFileListener> fileListener;
    private final Map<String, HlsOutput> outputs = new ConcurrentHashMap<>();
    private final SegmentCounters counters = new SegmentCounters();
    /**
     * How long the files of a multistream sender's ended output stay (players see EXT-X-ENDLIST, then stop
     * asking); a single-stream channel's output stays until the next sender replaces it or the channel goes.
     */
    static final long ENDED_OUTPUT_LINGER_SECONDS = 120;

    private final ScheduledExecutorService control = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "hls-control"));
    private final ScheduledExecutorService drainer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "hls-rtp"));

    /**
     * @param root        the directory served under /hls/
     * @param playlistUrl (channel id, playlist key) → the master playlist's public URL
     * @param fileListener who hears the files of each output that starts (looked up then: the archive, if any)
     */
    public HlsService(ChannelService channels, EncryptKeyStore keys, Path root, HlsSettings settings,
                      BiFunction<String, String, String> playlistUrl,
                      java.util.function.Supplier<HlsFileListener> fileListener) {
        this.fileListener = fileListener;
        this.channels = channels;
        this.keys = keys;
        this.root = root.toAbsolutePath().normalize();
        this.settings = settings;
        this.playlistUrl = playlistUrl;
        drainer.scheduleWithFixedDelay(this::drainAll, DRAIN_INTERVAL_MILLIS, DRAIN_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        control.execute(this::loadFfmpeg);
    }

    /** On the control thread, before any sender: the first one would otherwise wait ~0.7–2 s for the natives (HlsBrowserTest's time to the master playlist). */
    private void loadFfmpeg() {
        try {
            LadderTranscoder.loadNativeLibraries(settings.videoEncoder());
        } catch (RuntimeException | LinkageError e) {
            LOG.error("HLS output will not work: FFmpeg cannot be loaded: {}", e.toString());
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public Path root() {
        return root;
    }

    /** What an operator watches of the HLS output: outputs running, segments written and lost, transcoder lag. */
    public void bindMetrics(MeterRegistry metrics) {
        Gauge.builder("hibiki.hls.outputs", outputs, Map::size)
                .description("HLS outputs running: senders being transcoded into a ladder").register(metrics);
        FunctionCounter.builder("hibiki.hls.segments.written", counters, c -> c.segmentsWritten().sum())
                .description("HLS segments written (every rendition counts)").register(metrics);
        FunctionCounter.builder("hibiki.hls.segments.failed", counters, c -> c.segmentsFailed().sum())
                .description("HLS segments lost because they could not be written (disk full, permissions)")
                .register(metrics);
        Gauge.builder("hibiki.hls.transcoder.lag", this, HlsService::maxTranscoderLagSeconds)
                .baseUnit("seconds")
                .description("how long the oldest frame waiting for a transcoder has waited, the worst over all "
                        + "outputs: above a segment's duration the machine cannot keep up with its HLS ladders")
                .register(metrics);
    }

    private double maxTranscoderLagSeconds() {
        long worst = 0;
        for (HlsOutput o : outputs.values()) worst = Math.max(worst, o.transcoderBacklogNanos());
        return worst / 1e9;
    }

    public void setPlaylistListener(PlaylistListener listener) {
        this.playlistListener = listener;
    }

    /**
     * At start, before any sender: deletes output that no sender can continue: that of channels deleted while the
     * server was down (or whose deletion failed), and the per-connection outputs of multistream channels (their
     * connections are gone). A single-stream channel's output stays (a graceful stop ended it with
     * EXT-X-ENDLIST) until its next sender replaces it.
     */
    public void deleteStaleOutput() {
        if (!Files.isDirectory(root)) return;
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.toList()) {
                Channel channel = channels.findLive(dir.getFileName().toString()).orElse(null);
                if (channel == null || channel.spec().kind() != ChannelKind.SINGLE_STREAM_HLS) deleteTree(dir);
            }
        } catch (IOException e) {
            LOG.warn("cannot clean up HLS output under {}: {}", root, e.toString());
        }
    }

    // ---------------------------------------------------------------- SFU callbacks (must not block)

    @Override
    public void onPublished(dev.hibiki.sfu.Router router, Connection publisher, List<PublishedTrack> tracks) {
        long publishedNanos = System.nanoTime();
        control.execute(() -> publish(router.id(), publisher.id(), tracks, publishedNanos));
    }

    @Override
    public void onPublisherLeft(dev.hibiki.sfu.Router router, Connection publisher) {
        control.execute(() -> end(publisher.id()));
    }

    // ---------------------------------------------------------------- control thread

    private void publish(String channelId, String connectionId, List<PublishedTrack> tracks, long publishedNanos) {
        try {
            HlsOutput existing = outputs.get(connectionId);
            if (existing != null) {
                existing.attach(tracks);
                return;
            }
            long setupStart = System.nanoTime();
            Channel channel = channels.findLive(channelId).orElse(null);
            if (channel == null || !channel.spec().kind().hls() || channel.spec().hls().isEmpty()) return;
            String key = channel.spec().kind() == ChannelKind.SINGLE_STREAM_HLS ? channel.playlistKey()
                    : RandomIds.base32(PLAYLIST_KEY_LENGTH);
            SegmentKey segmentKey = null;
            byte[] aesKey = null;
            if (channel.spec().encryptKeyUri() != null) {
                EncryptKeyStore.Issued issued = keys.issue(channel.ownerTokenId(), channelId);
                segmentKey = SegmentKey.aes128(SegmentKey.keyUri(channel.spec().encryptKeyUri(), issued.kid()), null);
                aesKey = issued.key();
            }
            HlsOutput.Target target = new HlsOutput.Target(channelId, connectionId, key,
                    root.resolve(channelId).resolve(key), channel.spec().kind() != ChannelKind.SINGLE_STREAM_HLS,
                    segmentKey, aesKey, publishedNanos);
            TranscodeOptions options = TranscodeOptions.defaults().withEncoder(settings.videoEncoder())
                    .withPreset(settings.x264Preset()).withSegmentFormat(settings.segmentFormat());
            Playlist playlist = new Playlist(connectionId, playlistUrl.apply(channelId, key));
            HlsOutput output = HlsOutput.start(target, channel.spec().hls(), options, settings.windowSegments(),
                    counters, () -> notifyReady(channelId, playlist), fileListener.get(), channel.ownerTokenId());
            outputs.put(connectionId, output);
            output.attach(tracks);
            long now = System.nanoTime();
            LOG.info("HLS output of connection {} in channel {} started ({} renditions) {} ms after its media began "
                            + "(setup {} ms)", connectionId, channelId, channel.spec().hls().size(),
                    (now - publishedNanos) / 1_000_000, (now - setupStart) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot start the HLS output of connection {} in channel {}", connectionId, channelId, e);
        }
    }

    private void notifyReady(String channelId, Playlist playlist) {
        try {
            playlistListener.onPlaylistReady(channelId, playlist);
        } catch (RuntimeException e) {
            LOG.warn("playlist listener failed for connection {}: {}", playlist.connectionId(), e.toString());
        }
    }

    private void end(String connectionId) {
        HlsOutput output = outputs.remove(connectionId);
        if (output == null) return;
        detach(output);
        output.finish();
        if (output.target().ownDirectory()) {
            Path dir = output.target().directory();
            control.schedule(() -> deleteTree(dir), ENDED_OUTPUT_LINGER_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Stops the drain thread's work on an output: the last packets go to its transcoder. */
    private void detach(HlsOutput output) {
        try {
            drainer.submit(output::detach).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("HLS output {}: detaching failed: {}", output.target().directory(), e.toString());
        }
    }

    private void drainAll() {
        for (HlsOutput o : outputs.values()) {
            try {
                o.drain();
            } catch (RuntimeException e) {
                LOG.warn("HLS output {}: packets dropped: {}", o.target().directory(), e.toString());
            }
        }
    }

    // ---------------------------------------------------------------- API

    /**
     * The channel was deleted: its outputs stop and its files go, before this returns (so its URLs answer 404 from
     * now on).
     */
    public void channelDeleted(String channelId) {
        try {
            control.submit(() -> {
                for (HlsOutput o : List.copyOf(outputs.values())) {
                    if (!o.target().channelId().equals(channelId)) continue;
                    outputs.remove(o.target().connectionId());
                    detach(o);
                    o.abort();
                }
                deleteTree(root.resolve(channelId));
            }).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("HLS output of deleted channel {} not cleaned up: {}", channelId, e.toString());
        }
    }

    /** The channel's live outputs, oldest connection first is not promised. */
    public List<Playlist> playlists(String channelId) {
        List<Playlist> out = new ArrayList<>();
        for (HlsOutput o : outputs.values()) {
            HlsOutput.Target t = o.target();
            if (t.channelId().equals(channelId)) {
                out.add(new Playlist(t.connectionId(), playlistUrl.apply(channelId, t.playlistKey())));
            }
        }
        out.sort(Comparator.comparing(Playlist::connectionId));
        return out;
    }

    /**
     * Whether {@code /hls/<channelId>/<playlistKey>/} is the playlist URL of a channel that exists, whether or not
     * anyone publishes to it: the key of a single-stream HLS channel, or that of a multistream sender's running output
     * (the next sender gets a new one). Reads the database; for requests that found no file.
     */
    public boolean playlistUrlExists(String channelId, String playlistKey) {
        for (HlsOutput o : outputs.values()) {
            HlsOutput.Target t = o.target();
            if (t.channelId().equals(channelId) && t.playlistKey().equals(playlistKey)) return true;
        }
        return channels.findLive(channelId)
                .filter(c -> c.spec().kind() == ChannelKind.SINGLE_STREAM_HLS && playlistKey.equals(c.playlistKey()))
                .isPresent();
    }

    private static void deleteTree(Path dir) {
        try {
            new HlsOutputDirectory(dir, false).deleteAll();
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", dir, e.toString());
        }
    }

    /** Ends every output (players see EXT-X-ENDLIST) and stops the threads. */
    @Override
    public void close() {
        try {
            control.submit(() -> {
                for (String id : List.copyOf(outputs.keySet())) end(id);
            }).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("HLS outputs not ended cleanly: {}", e.toString());
        }
        control.shutdownNow();
        drainer.shutdownNow();
    }
}
