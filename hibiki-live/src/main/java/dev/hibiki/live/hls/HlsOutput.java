package dev.hibiki.live.hls;

import dev.hibiki.hls.EncodedFrame;
import dev.hibiki.hls.playlist.CodecStrings;
import dev.hibiki.hls.playlist.HlsOutputDirectory;
import dev.hibiki.hls.playlist.MasterPlaylist;
import dev.hibiki.hls.playlist.MediaPlaylist;
import dev.hibiki.hls.playlist.MediaSegment;
import dev.hibiki.hls.playlist.SegmentFormat;
import dev.hibiki.hls.playlist.SegmentKey;
import dev.hibiki.hls.playlist.Variant;
import dev.hibiki.hls.transcode.H264Profile;
import dev.hibiki.hls.transcode.LadderTranscoder;
import dev.hibiki.hls.transcode.RenditionSpec;
import dev.hibiki.hls.transcode.Segment;
import dev.hibiki.hls.transcode.SegmentOutput;
import dev.hibiki.hls.transcode.SenderReportClock;
import dev.hibiki.hls.transcode.TranscodeOptions;
import dev.hibiki.live.channel.HlsRendition;
import dev.hibiki.sfu.PublishedTrack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One sender's HLS output: its tracks feed one {@link LadderTranscoder}, whose segments land in an
 * {@link HlsOutputDirectory} as {@code r<i>/playlist.m3u8} + segments per rendition, with the master playlist
 * {@code index.m3u8} written once every rendition has its first segment (so a player that finds the master finds
 * media too).
 */
final class HlsOutput {

    static final String MASTER = "index.m3u8";
    private static final Logger LOG = LoggerFactory.getLogger(HlsOutput.class);

    /**
     * Where the playlists of an output are and how its segments are encrypted.
     *
     * @param key         null for clear segments
     * @param ownDirectory true when no later output will use the directory (a per-connection key), so it may be
     *                     deleted some time after the output ended
     * @param aesKey      16 bytes with {@code key}, else null
     * @param publishedNanos {@link System#nanoTime()} when the SFU said the sender's media flows
     */
    record Target(String channelId, String connectionId, String playlistKey, Path directory, boolean ownDirectory,
                  SegmentKey key,
                  byte[] aesKey, long publishedNanos) {
    }

    private final Target target;
    private final List<HlsRendition> ladder;
    private final SenderReportClock clock = new SenderReportClock();
    private final LadderTranscoder transcoder;
    private final HlsOutputDirectory directory;
    private final List<MediaPlaylist> playlists = new ArrayList<>();
    private final List<TrackFeed> feeds = new CopyOnWriteArrayList<>();
    private volatile PublishedTrack video;
    private volatile boolean masterWritten;

    private final Runnable onMasterWritten;
    private final SegmentFormat segmentFormat;
    private final SegmentCounters counters;
    private final HlsFileListener files;
    private final HlsOutputInfo info;

    private HlsOutput(Target target, List<HlsRendition> ladder, TranscodeOptions options, int windowSegments,
                      SegmentCounters counters, Runnable onMasterWritten, HlsFileListener files, String ownerTokenId) {
        this.target = target;
        this.files = files;
        this.counters = counters;
        this.onMasterWritten = onMasterWritten;
        this.ladder = ladder;
        this.directory = new HlsOutputDirectory(target.directory(), false);
        if (target.aesKey() != null && options.segmentFormat() != SegmentFormat.MPEGTS) {
            // AES-128 over fMP4 would also cover the init segment, which then needs an explicit IV: not supported
            LOG.warn("channel {}: encrypted HLS is written as MPEG-TS, not {} (hls.segment_format)",
                    target.channelId(), options.segmentFormat().name().toLowerCase(java.util.Locale.ROOT));
            options = options.withSegmentFormat(SegmentFormat.MPEGTS);
        }
        String map = options.segmentFormat() == SegmentFormat.FMP4 ? SegmentFormat.INIT_FILE : null;
        for (HlsRendition r : ladder) {
            playlists.add(new MediaPlaylist(windowSegments, r.durationSeconds()).startTimeOffset(r.startTimeOffset())
                    .map(map));
        }
        this.segmentFormat = options.segmentFormat();
        this.info = new HlsOutputInfo(target.channelId(), target.connectionId(), ownerTokenId, target.playlistKey(),
                target.directory(), ladder, segmentFormat, MASTER);
        TranscodeOptions withKey = target.aesKey() == null ? options : options.withAesKey(target.aesKey());
        this.transcoder = new LadderTranscoder(clock, withKey, this::requestKeyframe);
    }

    /**
     * Clears what a previous sender left in the directory and starts the transcoder (throws when it cannot).
     *
     * @param onMasterWritten run once, on the transcoder's thread, when the master playlist first exists
     * @param files           hears every file written (the archive)
     */
    static HlsOutput start(Target target, List<HlsRendition> ladder, TranscodeOptions options, int windowSegments,
                           SegmentCounters counters, Runnable onMasterWritten, HlsFileListener files,
                           String ownerTokenId) throws IOException {
        HlsOutput out = new HlsOutput(target, ladder, options, windowSegments, counters, onMasterWritten, files,
                ownerTokenId);
        out.directory.deleteAll();
        out.tell(l -> l.started(out.info));
        SegmentOutput segmentFiles = new SegmentOutput() {
            @Override
            public Path write(int rendition, long sequence, double durationSeconds, Instant programDateTime,
                              byte[] data) throws IOException {
                return out.writeSegment(rendition, durationSeconds, programDateTime, data);
            }

            @Override
            public Path writeInit(int rendition, byte[] data) throws IOException {
                Path init = out.directory.publishInit(renditionName(rendition), data);
                out.written(HlsFile.Kind.INIT, rendition, init, 0, 0, null, null);
                return init;
            }
        };
        out.transcoder.start(ladder.stream().map(HlsOutput::spec).toList(), segmentFiles, out::onSegment);
        return out;
    }

    static RenditionSpec spec(HlsRendition r) {
        return new RenditionSpec(r.width(), r.height(), r.fps(), r.videoBps(), H264Profile.fromApiName(r.videoCodec()),
                r.audioBps(), r.durationSeconds());
    }

    Target target() {
        return target;
    }

    /** Taps the tracks the transcoder can take (Opus and the video codecs); asks for a keyframe to start on. */
    void attach(List<PublishedTrack> tracks) {
        for (PublishedTrack t : tracks) {
            EncodedFrame.Codec codec = TrackFeed.codecOf(t);
            if (codec == null) continue;
            boolean isVideo = codec != EncodedFrame.Codec.OPUS;
            if (feeds.stream().anyMatch(f -> f.isVideo() == isVideo)) continue; // one audio, one video
            TrackFeed feed = new TrackFeed(t, codec, clock, transcoder);
            feeds.add(feed);
            t.addSink(feed);
            if (isVideo) {
                video = t;
                t.requestKeyframe();
            }
        }
    }

    /** On the drain thread. */
    void drain() {
        for (TrackFeed f : feeds) f.drain();
    }

    /** On the drain thread: no more packets; what is buffered goes to the transcoder. */
    void detach() {
        for (TrackFeed f : feeds) {
            f.track().removeSink(f);
            f.flush();
        }
    }

    /**
     * After {@link #detach}: lets the transcoder finish (the last segments are written) and ends every playlist
     * with EXT-X-ENDLIST. The files stay for players to see the end.
     */
    void finish() {
        transcoder.stop();
        try {
            for (int i = 0; i < playlists.size(); i++) {
                MediaPlaylist p = playlists.get(i);
                if (p.segments().isEmpty()) continue;
                p.end();
                directory.writePlaylist(renditionName(i), p);
                written(HlsFile.Kind.MEDIA_PLAYLIST, i, mediaPlaylistPath(i), 0, 0, null, null);
            }
        } catch (IOException e) {
            LOG.warn("HLS output {}: cannot end the playlists: {}", target.directory(), e.toString());
        }
        tell(l -> l.ended(info));
        LOG.info("HLS output of connection {} ended: {}", target.connectionId(), transcoder.stats());
    }

    /** Stops the transcoder at once, for a deleted channel; the caller deletes the files. */
    void abort() {
        transcoder.stop();
        tell(l -> l.ended(info));
    }

    private void requestKeyframe() {
        PublishedTrack v = video;
        if (v != null) v.requestKeyframe();
    }

    static String renditionName(int index) {
        return "r" + index;
    }

    /** The transcoder's worker: the segment file, then its playlist. */
    private Path writeSegment(int rendition, double durationSeconds, Instant programDateTime, byte[] data)
            throws IOException {
        String name = renditionName(rendition);
        MediaSegment published;
        try {
            published = directory.publishSegment(name, playlists.get(rendition), data, durationSeconds, target.key(),
                    programDateTime);
        } catch (IOException | RuntimeException e) {
            counters.segmentsFailed().increment();
            throw e;
        }
        counters.segmentsWritten().increment();
        Path segment = directory.renditionDirectory(name).resolve(published.uri());
        // the playlist's number, which names the file: the transcoder's count runs ahead after a segment lost here
        written(HlsFile.Kind.SEGMENT, rendition, segment, published.sequenceNumber(), durationSeconds, target.key(),
                programDateTime);
        written(HlsFile.Kind.MEDIA_PLAYLIST, rendition, mediaPlaylistPath(rendition), 0, 0, null, null);
        return segment;
    }

    private Path mediaPlaylistPath(int rendition) {
        return directory.renditionDirectory(renditionName(rendition)).resolve(HlsOutputDirectory.MEDIA_PLAYLIST);
    }

    private void written(HlsFile.Kind kind, int rendition, Path file, long sequence, double durationSeconds,
                         SegmentKey key, Instant programDateTime) {
        String relative = target.directory().toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize())
                .toString().replace(java.io.File.separatorChar, '/');
        HlsFile f = new HlsFile(kind, rendition, relative, file, sequence, durationSeconds, key, programDateTime);
        tell(l -> l.written(info, f));
    }

    /** A listener's failure never stops the live output. */
    private void tell(java.util.function.Consumer<HlsFileListener> call) {
        try {
            call.accept(files);
        } catch (RuntimeException e) {
            LOG.warn("HLS output of connection {}: a file listener failed: {}", target.connectionId(), e.toString());
        }
    }

    /** How far the transcoder runs behind the sender (see {@link LadderTranscoder#backlogNanos}). */
    long transcoderBacklogNanos() {
        return transcoder.backlogNanos();
    }

    private void onSegment(Segment segment) {
        if (masterWritten) return;
        for (MediaPlaylist p : playlists) {
            if (p.segments().isEmpty()) return;
        }
        try {
            directory.write(MASTER, master().render().getBytes(StandardCharsets.UTF_8));
            masterWritten = true;
            written(HlsFile.Kind.MASTER_PLAYLIST, -1, target.directory().resolve(MASTER), 0, 0, null, null);
            LOG.info("HLS output of connection {}: master playlist {} ms after the sender's media began ({})",
                    target.connectionId(), (System.nanoTime() - target.publishedNanos()) / 1_000_000,
                    transcoder.stats());
            onMasterWritten.run();
        } catch (IOException e) {
            LOG.warn("HLS output {}: cannot write the master playlist: {}", target.directory(), e.toString());
        }
    }

    private MasterPlaylist master() {
        List<Variant> variants = new ArrayList<>();
        for (int i = 0; i < ladder.size(); i++) {
            HlsRendition r = ladder.get(i);
            CodecStrings.H264Profile profile = CodecStrings.H264Profile.fromImageFlux(r.videoCodec());
            String video = transcoder.videoCodecString(i); // what the encoder wrote; else what it was asked
            if (video == null) {
                video = CodecStrings.avc1(profile,
                        CodecStrings.h264Level(profile, r.width() & ~1, r.height() & ~1, r.fps(), r.videoBps()));
            }
            String codecs = r.audioBps() > 0 ? video + "," + CodecStrings.AAC_LC : video;
            variants.add(Variant.configured(renditionName(i) + "/" + HlsOutputDirectory.MEDIA_PLAYLIST, r.videoBps(),
                    r.audioBps(), r.width() & ~1, r.height() & ~1, r.fps(), codecs));
        }
        return new MasterPlaylist(variants);
    }
}
