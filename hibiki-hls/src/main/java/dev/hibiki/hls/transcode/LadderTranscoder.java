package dev.hibiki.hls.transcode;

import dev.hibiki.hls.EncodedFrame;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

/**
 * Turns one WebRTC sender into an HLS ladder: its video is decoded once, then scaled, frame-rate converted and
 * H.264 encoded per rendition; its Opus audio is decoded once and AAC encoded once per distinct bitrate; each
 * rendition's packets are cut into MPEG-TS segments at the same source instants.
 *
 * <p>{@link #offer} may be called from any thread and never blocks: frames wait in a bounded queue for the one
 * worker thread, which does all the native work. When the worker falls behind, the oldest video is dropped (the
 * rest of its group of pictures with it, since it cannot decode without it) and a keyframe is requested: real time
 * wins over completeness. {@link #stop} lets the worker finish what is queued, flushes the last segment of every
 * rendition and frees every native resource.
 */
public final class LadderTranscoder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LadderTranscoder.class);
    /** Audio may lag video this much before the gap is filled with silence (a muted or DTX sender). */
    static final long AUDIO_SLACK_MICROS = 500_000;
    static final long KEYFRAME_REQUEST_INTERVAL_NANOS = 500_000_000L;
    /** How long a frame may wait for its track's first sender report before it is given up. */
    static final long MAX_HOLD_NANOS = 3_000_000_000L;
    private static final AtomicLong IDS = new AtomicLong();

    private enum State { NEW, RUNNING, STOPPING, STOPPED }

    private record Item(EncodedFrame frame, long arrivalNanos) {
    }

    /**
     * Counters since start. {@code encodedFrames} counts output frames over all renditions; {@code unplaced} counts
     * frames given up because their track's clock could not place them (no sender report within 3 s).
     */
    public record Stats(long offered, long droppedVideo, long droppedAudio, long unplaced, long keyframeRequests,
                        long decodedPictures, long encodedFrames, long segments) {
    }

    private final MediaClock clock;
    private final TranscodeOptions options;
    private final Runnable keyframeRequester;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<Item> queue = new ArrayDeque<>();
    private final AtomicLong lastKeyframeRequest = new AtomicLong(System.nanoTime() - KEYFRAME_REQUEST_INTERVAL_NANOS);
    private State state = State.NEW;
    private boolean dropVideoUntilKeyframe;
    private boolean hasAudio;
    private Thread worker;

    // counters written under the lock (offer side) or by the worker
    private long offered;
    private long droppedVideo;
    private long droppedAudio;
    private volatile long unplaced;
    private final AtomicLong keyframeRequests = new AtomicLong();
    private volatile long segments;
    private volatile long decodedPictures;

    // worker-owned
    private final ArrayDeque<Item> held = new ArrayDeque<>();
    /** Per rendition, the RFC 6381 string of the first SPS the encoder wrote (written by the worker). */
    private volatile String[] videoCodecs = new String[0];
    private final List<RenditionEncoder> encoders = new ArrayList<>();
    private final List<Segmenter> segmenters = new ArrayList<>();
    private final Map<Integer, AacEncoder> aacByBitrate = new LinkedHashMap<>();
    private VideoDecoder videoDecoder;
    private AudioDecoder audioDecoder;
    private EncodedFrame.Codec failedVideoCodec;
    private long originMicros = AV_NOPTS_VALUE;
    private long currentVideoMicros;
    private final VideoDecoder.PictureSink pictureSink = this::onPicture;
    private final AudioDecoder.PcmSink pcmSink = this::onPcm;

    /**
     * @param clock             places audio and video on one timeline ({@link SenderReportClock} for WebRTC)
     * @param keyframeRequester asks the sender for a keyframe (PLI/FIR); called at most every 500 ms, from the
     *                          worker or from {@link #offer}'s caller
     */
    public LadderTranscoder(MediaClock clock, TranscodeOptions options, Runnable keyframeRequester) {
        this.clock = clock;
        this.options = options == null ? TranscodeOptions.defaults() : options;
        this.keyframeRequester = keyframeRequester == null ? () -> { } : keyframeRequester;
    }

    /**
     * Loads FFmpeg's native libraries now and checks that the H.264 encoder exists, so the first sender does not wait
     * while JavaCPP unpacks and links them: ~0.7–2 s on the 2-core test machine, seen in the first sender's time to
     * its master playlist ({@code HlsBrowserTest}'s server log; docs/benchmarks-history.md, HLS transcoding).
     *
     * @throws TranscodeException when the encoder is missing from this FFmpeg build
     */
    public static void loadNativeLibraries(String encoderName) {
        Ffmpeg.init();
        Ffmpeg.notNull(org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name(encoderName),
                "no encoder " + encoderName + " in this FFmpeg");
        // Opening (and closing) a tiny ladder links every library a real one uses (codecs, scaler, resampler,
        // muxer) and warms up the Java side, so the first real sender pays for neither.
        LadderTranscoder warmUp = new LadderTranscoder((frame, arrival) -> MediaClock.UNKNOWN,
                TranscodeOptions.defaults().withEncoder(encoderName), null);
        warmUp.start(List.of(new RenditionSpec(64, 64, 15, 100_000, H264Profile.HIGH, 64_000, 1)),
                (rendition, sequence, duration, time, data) -> null, segment -> { });
        warmUp.stop();
    }

    /**
     * The {@code avc1.PPCCLL} string of what the rendition's encoder really produces (profile, constraints and
     * level from its first SPS: x264's ultrafast or OpenH264 give Constrained Baseline whatever was asked), or null
     * before its first keyframe.
     */
    public String videoCodecString(int rendition) {
        String[] c = videoCodecs;
        return rendition < c.length ? c[rendition] : null;
    }

    /** The codec string of the first SPS in an encoded packet (Annex B), or null when it has none. */
    private static String avc1FromPacket(org.bytedeco.ffmpeg.avcodec.AVPacket packet) {
        int size = Math.min(packet.size(), 4096); // the SPS comes first, before the picture
        byte[] data = new byte[size];
        packet.data().get(data, 0, size);
        for (int i = 0; i + 3 < size; i++) {
            if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1 && (data[i + 3] & 0x1F) == 7) {
                return dev.hibiki.hls.playlist.CodecStrings.avc1FromSps(data, i + 3, size - i - 3);
            }
        }
        return null;
    }

    /** Starts with segments written as {@code outputDir/<rendition>/segment-<sequence>.ts} (or {@code .m4s}). */
    public void start(List<RenditionSpec> renditions, Path outputDir, SegmentListener listener) {
        start(renditions, new DirectorySegmentOutput(outputDir, options.segmentFormat()), listener);
    }

    /**
     * Opens every encoder and muxer (so a missing encoder or a refused option fails here, as a
     * {@link TranscodeException}) and starts the worker.
     */
    public void start(List<RenditionSpec> renditions, SegmentOutput output, SegmentListener listener) {
        if (renditions.isEmpty()) throw new IllegalArgumentException("no renditions");
        lock.lock();
        try {
            if (state != State.NEW) throw new IllegalStateException("already started");
            byte[] aesKey = options.aesKey();
            videoCodecs = new String[renditions.size()];
            SegmentListener counting = segment -> {
                segments++;
                listener.onSegment(segment);
            };
            try {
                for (int i = 0; i < renditions.size(); i++) {
                    RenditionSpec spec = renditions.get(i);
                    int index = i;
                    encoders.add(new RenditionEncoder(spec, options, p -> {
                        if (videoCodecs[index] == null) videoCodecs[index] = avc1FromPacket(p);
                        segmenters.get(index).writeVideo(p);
                    }));
                    AacEncoder aac = null;
                    if (spec.audioBps() > 0) {
                        aac = aacByBitrate.get(spec.audioBps());
                        if (aac == null) {
                            int bps = spec.audioBps();
                            aac = new AacEncoder(bps, p -> {
                                for (int r = 0; r < segmenters.size(); r++) {
                                    if (encoders.get(r).spec().audioBps() == bps) segmenters.get(r).writeAudio(p);
                                }
                            });
                            aacByBitrate.put(bps, aac);
                        }
                    }
                    segmenters.add(new Segmenter(i, encoders.get(i), aac, output, aesKey, options.segmentFormat(),
                            counting));
                }
            } catch (RuntimeException e) {
                freeAll();
                state = State.STOPPED;
                throw e;
            }
            hasAudio = !aacByBitrate.isEmpty();
            state = State.RUNNING;
            worker = new Thread(this::run, "hls-transcoder-" + IDS.incrementAndGet());
            worker.setDaemon(true);
            worker.start();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues a frame for transcoding; never blocks. The frame's data is read later on the worker thread: the
     * caller must not reuse the array.
     *
     * @return false when the frame was dropped (not running, audio while no rendition has audio, a delta frame
     * while waiting for a keyframe after an overflow)
     */
    public boolean offer(EncodedFrame frame) {
        long now = System.nanoTime();
        boolean video = frame.codec() != EncodedFrame.Codec.OPUS;
        boolean askKeyframe = false;
        boolean accepted = false;
        lock.lock();
        try {
            if (state != State.RUNNING) return false;
            offered++;
            if (!video && !hasAudio) return false;
            boolean delta = video && !frame.keyframe();
            if (delta && dropVideoUntilKeyframe) {
                droppedVideo++;
                askKeyframe = true;
            } else {
                if (queue.size() >= options.queueCapacity()) askKeyframe = makeRoom();
                if (delta && dropVideoUntilKeyframe) {
                    droppedVideo++; // makeRoom dropped the frames it refers to
                } else {
                    if (video && frame.keyframe()) dropVideoUntilKeyframe = false;
                    queue.addLast(new Item(frame, now));
                    notEmpty.signal();
                    accepted = true;
                }
            }
        } finally {
            lock.unlock();
        }
        if (askKeyframe) requestKeyframe();
        return accepted;
    }

    /**
     * Frees queue space. Video goes first: everything queued before the newest queued keyframe, or else all queued
     * video (then deltas are refused until the next keyframe). Audio only when the queue holds nothing else.
     *
     * @return whether video was dropped (a keyframe should be requested)
     */
    private boolean makeRoom() {
        Item lastKey = null;
        boolean anyVideo = false;
        for (Item item : queue) {
            if (item.frame.codec() == EncodedFrame.Codec.OPUS) continue;
            anyVideo = true;
            if (item.frame.keyframe()) lastKey = item;
        }
        if (anyVideo) {
            boolean dropAll = lastKey == null || isFirstVideo(lastKey);
            for (Iterator<Item> it = queue.iterator(); it.hasNext(); ) {
                Item item = it.next();
                if (item == lastKey && !dropAll) break;
                if (item.frame.codec() != EncodedFrame.Codec.OPUS) {
                    it.remove();
                    droppedVideo++;
                }
            }
            if (dropAll) dropVideoUntilKeyframe = true;
            return true;
        }
        if (!queue.isEmpty()) {
            queue.pollFirst();
            droppedAudio++;
        }
        return false;
    }

    private boolean isFirstVideo(Item candidate) {
        for (Item item : queue) {
            if (item.frame.codec() != EncodedFrame.Codec.OPUS) return item == candidate;
        }
        return false;
    }

    private void requestKeyframe() {
        long now = System.nanoTime();
        long last = lastKeyframeRequest.get();
        if (now - last < KEYFRAME_REQUEST_INTERVAL_NANOS || !lastKeyframeRequest.compareAndSet(last, now)) return;
        keyframeRequests.incrementAndGet();
        try {
            keyframeRequester.run();
        } catch (RuntimeException e) {
            LOG.warn("keyframe request failed: {}", e.toString());
        }
    }

    /**
     * Processes what is queued, writes the last segment of every rendition and frees all native resources. Blocks
     * until done; idempotent.
     */
    public void stop() {
        Thread w;
        lock.lock();
        try {
            if (state == State.NEW) {
                state = State.STOPPED;
                return;
            }
            if (state == State.RUNNING) state = State.STOPPING;
            notEmpty.signalAll();
            w = worker;
        } finally {
            lock.unlock();
        }
        if (w != null && w != Thread.currentThread()) {
            boolean interrupted = false;
            while (w.isAlive()) {
                try {
                    w.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * How long the oldest frame waiting for the worker has waited, 0 when none waits: how far this transcoder runs
     * behind its sender (its output is late by at least this much).
     */
    public long backlogNanos() {
        lock.lock();
        try {
            Item oldest = queue.peekFirst();
            return oldest == null ? 0 : Math.max(0, System.nanoTime() - oldest.arrivalNanos);
        } finally {
            lock.unlock();
        }
    }

    public Stats stats() {
        long encoded = 0;
        lock.lock();
        try {
            for (RenditionEncoder e : encoders) encoded += e.encodedFrames();
            return new Stats(offered, droppedVideo, droppedAudio, unplaced, keyframeRequests.get(), decodedPictures,
                    encoded, segments);
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        try {
            while (true) {
                Item item;
                lock.lock();
                try {
                    while (queue.isEmpty() && state == State.RUNNING) notEmpty.awaitUninterruptibly();
                    item = queue.pollFirst();
                    if (item == null) break;
                } finally {
                    lock.unlock();
                }
                try {
                    process(item);
                } catch (RuntimeException e) {
                    LOG.warn("frame not transcoded: {}", e.toString());
                }
            }
            giveUpHeld();
            try {
                finishAll();
            } catch (RuntimeException e) {
                LOG.warn("flushing the last segments failed: {}", e.toString());
            }
        } finally {
            lock.lock();
            try {
                freeAll();
                state = State.STOPPED;
            } finally {
                lock.unlock();
            }
        }
    }

    private void process(Item item) {
        if (!held.isEmpty()) placeHeld(item.arrivalNanos);
        long micros = clock.captureMicros(item.frame, item.arrivalNanos);
        if (micros == MediaClock.UNKNOWN) {
            held.addLast(item);
            return;
        }
        place(item.frame, micros);
    }

    private void place(EncodedFrame frame, long micros) {
        if (frame.codec() == EncodedFrame.Codec.OPUS) processAudio(frame, micros);
        else processVideo(frame, micros);
    }

    /**
     * Frames that could not be placed yet (no sender report for their track so far) wait here rather than being
     * dropped: a WebRTC sender's first report comes up to a second after its first frames, and those frames start
     * with the keyframe. Once the report arrives they are placed exactly, in order; frames held longer than
     * {@link #MAX_HOLD_NANOS} are given up.
     */
    /** At the end: what still has no sender report is lost. */
    private void giveUpHeld() {
        placeHeld(System.nanoTime());
        unplaced += held.size();
        held.clear();
    }

    private void placeHeld(long nowNanos) {
        for (Iterator<Item> it = held.iterator(); it.hasNext(); ) {
            Item h = it.next();
            long micros = clock.captureMicros(h.frame, h.arrivalNanos);
            if (micros != MediaClock.UNKNOWN) {
                it.remove();
                place(h.frame, micros);
            } else if (nowNanos - h.arrivalNanos > MAX_HOLD_NANOS || held.size() > options.queueCapacity()) {
                it.remove();
                unplaced++;
            }
        }
    }

    private void processVideo(EncodedFrame frame, long micros) {
        if (videoDecoder == null || videoDecoder.codec() != frame.codec()) {
            if (frame.codec() == failedVideoCodec) return;
            VideoDecoder previous = videoDecoder;
            try {
                videoDecoder = new VideoDecoder(frame.codec(), options.decoderThreads());
            } catch (TranscodeException e) {
                failedVideoCodec = frame.codec();
                LOG.warn("cannot decode {}: {}", frame.codec(), e.getMessage());
                return;
            }
            if (previous != null) previous.close();
        }
        currentVideoMicros = micros;
        if (videoDecoder.decode(frame, micros, pictureSink) == VideoDecoder.Result.NEED_KEYFRAME) {
            requestKeyframe();
        }
    }

    private void onPicture(AVFrame picture) {
        decodedPictures++;
        long micros = picture.pts() == AV_NOPTS_VALUE ? currentVideoMicros : picture.pts();
        if (originMicros == AV_NOPTS_VALUE) {
            originMicros = micros;
            for (Segmenter s : segmenters) s.origin(micros);
        }
        long since = micros - originMicros;
        if (since < 0) return;
        for (RenditionEncoder e : encoders) e.encode(picture, since);
        long silenceUntil = Math.floorDiv((since - AUDIO_SLACK_MICROS) * AudioDecoder.SAMPLE_RATE, Ffmpeg.MICROS);
        for (AacEncoder aac : aacByBitrate.values()) aac.fillSilenceUntil(silenceUntil);
    }

    private void processAudio(EncodedFrame frame, long micros) {
        if (originMicros == AV_NOPTS_VALUE || aacByBitrate.isEmpty()) return; // video sets the origin
        if (audioDecoder == null) audioDecoder = new AudioDecoder();
        audioDecoder.decode(frame.data(), 0, frame.data().length, micros, pcmSink);
    }

    private void onPcm(AVFrame pcm) {
        long since = pcm.pts() - originMicros;
        long sample = Math.floorDiv(since * AudioDecoder.SAMPLE_RATE, Ffmpeg.MICROS);
        for (AacEncoder aac : aacByBitrate.values()) aac.encode(pcm, sample);
    }

    private void finishAll() {
        for (RenditionEncoder e : encoders) e.flush();
        for (AacEncoder aac : aacByBitrate.values()) aac.flush();
        for (Segmenter s : segmenters) s.finish();
    }

    /** Closes every native resource; each close is safe to call twice. */
    private void freeAll() {
        for (Segmenter s : segmenters) s.close();
        for (RenditionEncoder e : encoders) e.close();
        for (AacEncoder aac : aacByBitrate.values()) aac.close();
        if (videoDecoder != null) videoDecoder.close();
        if (audioDecoder != null) audioDecoder.close();
        videoDecoder = null;
        audioDecoder = null;
        queue.clear();
    }
}
