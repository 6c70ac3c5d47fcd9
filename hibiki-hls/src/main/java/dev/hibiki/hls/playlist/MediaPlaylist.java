package dev.hibiki.hls.playlist;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A live HLS media playlist (RFC 8216 §4.3.3) with a sliding window of segments.
 *
 * <p>Each added segment gets the next media sequence number; when the window is full the oldest segment leaves
 * it and EXT-X-MEDIA-SEQUENCE (and EXT-X-DISCONTINUITY-SEQUENCE, when a discontinuity left) move on. Segments
 * that left are kept for {@link #drainRemoved()} so their files can be deleted. EXT-X-TARGETDURATION is the
 * largest of the nominal segment duration and every EXTINF so far, each rounded up to whole seconds; it never
 * shrinks, because the RFC forbids changing it and a lower value would break the rule for the longer segment.
 * A window of 0 keeps every segment (an event or archive playlist).
 *
 * <p>Not thread-safe; one writer per rendition.
 */
public final class MediaPlaylist {
    /** EXT-X-PLAYLIST-TYPE values. */
    public enum Type { EVENT, VOD }

    private static final DateTimeFormatter PROGRAM_DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

    private final int windowSize;
    private final ArrayDeque<MediaSegment> segments = new ArrayDeque<>();
    private final List<MediaSegment> removed = new ArrayList<>();
    private int targetDuration;
    private Double startTimeOffset;
    private Type type;
    private boolean independentSegments = true;
    private long nextSequence;
    private long discontinuitySequence;
    private boolean pendingDiscontinuity;
    private boolean ended;
    private String mapUri;

    /**
     * @param windowSize             segments listed at most (0 = unlimited)
     * @param nominalSegmentSeconds  the configured segment length (ImageFlux durationSeconds); sets the
     *                               initial target duration
     */
    public MediaPlaylist(int windowSize, double nominalSegmentSeconds) {
        if (windowSize < 0) {
            throw new IllegalArgumentException("windowSize < 0");
        }
        this.windowSize = windowSize;
        this.targetDuration = Math.max(1, Decimals.ceilSeconds(nominalSegmentSeconds));
    }

    /** EXT-X-START:TIME-OFFSET (ImageFlux startTimeOffset, e.g. -2); null to omit. */
    public MediaPlaylist startTimeOffset(Double seconds) {
        this.startTimeOffset = seconds;
        return this;
    }

    /** EXT-X-PLAYLIST-TYPE; null (the default) for a live sliding playlist. */
    public MediaPlaylist type(Type type) {
        this.type = type;
        return this;
    }

    /**
     * EXT-X-MAP:URI (RFC 8216 §4.3.2.5): the init segment every media segment needs (fragmented MP4); null
     * (the default) for MPEG-TS. A map raises EXT-X-VERSION to 7, the version that allows it without I-frames-only.
     */
    public MediaPlaylist map(String uri) {
        if (uri != null && (uri.isEmpty() || uri.indexOf('"') >= 0 || uri.indexOf('\n') >= 0 || uri.indexOf('\r') >= 0)) {
            throw new IllegalArgumentException("bad map URI: " + uri);
        }
        this.mapUri = uri;
        return this;
    }

    /** The EXT-X-MAP URI, or null. */
    public String map() {
        return mapUri;
    }

    /** EXT-X-INDEPENDENT-SEGMENTS (default on: every segment starts with a keyframe). */
    public MediaPlaylist independentSegments(boolean on) {
        this.independentSegments = on;
        return this;
    }

    /** The first media sequence number (default 0), e.g. to continue numbering after a restart. */
    public MediaPlaylist firstSequenceNumber(long sequence) {
        if (!segments.isEmpty() || !removed.isEmpty()) {
            throw new IllegalStateException("segments were already added");
        }
        this.nextSequence = sequence;
        return this;
    }

    /** The next segment added is preceded by EXT-X-DISCONTINUITY (e.g. after the encoder restarted). */
    public void markDiscontinuity() {
        pendingDiscontinuity = true;
    }

    /** The media sequence number the next segment will get; handy for naming its file. */
    public long nextSequenceNumber() {
        return nextSequence;
    }

    public MediaSegment addSegment(String uri, double durationSeconds) {
        return addSegment(uri, durationSeconds, 0, null, null);
    }

    /**
     * Appends a segment, sliding the window.
     *
     * @param key             the segment's encryption, or null when it is clear
     * @param programDateTime wall-clock time of its first sample for EXT-X-PROGRAM-DATE-TIME, or null
     * @throws IllegalStateException after {@link #end()}
     */
    public MediaSegment addSegment(String uri, double durationSeconds, long sizeBytes, SegmentKey key,
                                   Instant programDateTime) {
        if (ended) {
            throw new IllegalStateException("playlist has ended");
        }
        if (uri == null || uri.isEmpty() || uri.indexOf('\n') >= 0 || uri.indexOf('\r') >= 0 || uri.startsWith("#")) {
            throw new IllegalArgumentException("bad segment URI: " + uri);
        }
        if (!(durationSeconds >= 0) || Double.isInfinite(durationSeconds)) {
            throw new IllegalArgumentException("bad duration: " + durationSeconds);
        }
        SegmentKey segmentKey = key == null || !key.isEncrypted() ? null : key;
        MediaSegment segment = new MediaSegment(nextSequence++, uri, durationSeconds, sizeBytes,
                pendingDiscontinuity, segmentKey, programDateTime);
        pendingDiscontinuity = false;
        segments.addLast(segment);
        targetDuration = Math.max(targetDuration, Decimals.ceilSeconds(durationSeconds));
        while (windowSize > 0 && segments.size() > windowSize) {
            MediaSegment gone = segments.removeFirst();
            if (gone.discontinuity()) {
                discontinuitySequence++;
            }
            removed.add(gone);
        }
        return segment;
    }

    /** Segments that left the window since the last call, oldest first. */
    public List<MediaSegment> drainRemoved() {
        List<MediaSegment> out = List.copyOf(removed);
        removed.clear();
        return out;
    }

    /** Adds EXT-X-ENDLIST: the stream is over and no segment will follow. */
    public void end() {
        ended = true;
    }

    public boolean isEnded() {
        return ended;
    }

    public List<MediaSegment> segments() {
        return List.copyOf(segments);
    }

    /** EXT-X-MEDIA-SEQUENCE: the sequence number of the first listed segment. */
    public long mediaSequence() {
        return segments.isEmpty() ? nextSequence : segments.peekFirst().sequenceNumber();
    }

    public long discontinuitySequence() {
        return discontinuitySequence;
    }

    public int targetDuration() {
        return targetDuration;
    }

    /** Sum of the listed segments' durations. */
    public double durationSeconds() {
        double total = 0;
        for (MediaSegment s : segments) {
            total += s.durationSeconds();
        }
        return total;
    }

    /** Highest bitrate of a listed segment in bit/s (the BANDWIDTH of RFC 8216 §4.3.4.2), 0 when unknown. */
    public long peakBitrate() {
        long peak = 0;
        for (MediaSegment s : segments) {
            if (s.durationSeconds() > 0) {
                peak = Math.max(peak, Math.round(s.sizeBytes() * 8 / s.durationSeconds()));
            }
        }
        return peak;
    }

    /** Bitrate of the listed segments together in bit/s (AVERAGE-BANDWIDTH), 0 when unknown. */
    public long averageBitrate() {
        long bytes = 0;
        double seconds = 0;
        for (MediaSegment s : segments) {
            bytes += s.sizeBytes();
            seconds += s.durationSeconds();
        }
        return seconds > 0 ? Math.round(bytes * 8 / seconds) : 0;
    }

    /** The playlist text, lines ending in LF. */
    public String render() {
        StringBuilder sb = new StringBuilder(256 + 96 * segments.size());
        sb.append("#EXTM3U\n");
        sb.append("#EXT-X-VERSION:").append(mapUri == null ? 3 : 7).append('\n');
        sb.append("#EXT-X-TARGETDURATION:").append(targetDuration).append('\n');
        sb.append("#EXT-X-MEDIA-SEQUENCE:").append(mediaSequence()).append('\n');
        if (discontinuitySequence > 0) {
            sb.append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(discontinuitySequence).append('\n');
        }
        if (type != null) {
            sb.append("#EXT-X-PLAYLIST-TYPE:").append(type.name()).append('\n');
        }
        if (independentSegments) {
            sb.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        }
        if (startTimeOffset != null) {
            sb.append("#EXT-X-START:TIME-OFFSET=").append(Decimals.compact(startTimeOffset)).append('\n');
        }
        if (mapUri != null) {
            sb.append("#EXT-X-MAP:URI=\"").append(mapUri).append("\"\n");
        }
        SegmentKey currentKey = null;
        for (MediaSegment s : segments) {
            if (s.discontinuity()) {
                sb.append("#EXT-X-DISCONTINUITY\n");
            }
            SegmentKey key = s.key();
            if (key != null && !key.equals(currentKey)) {
                sb.append(key.tag()).append('\n');
            } else if (key == null && currentKey != null) {
                sb.append(SegmentKey.NONE.tag()).append('\n');
            }
            currentKey = key;
            if (s.programDateTime() != null) {
                sb.append("#EXT-X-PROGRAM-DATE-TIME:").append(PROGRAM_DATE_TIME.format(s.programDateTime()))
                        .append('\n');
            }
            sb.append("#EXTINF:").append(Decimals.threeDecimals(s.durationSeconds())).append(",\n");
            sb.append(s.uri()).append('\n');
        }
        if (ended) {
            sb.append("#EXT-X-ENDLIST\n");
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return render();
    }
}
