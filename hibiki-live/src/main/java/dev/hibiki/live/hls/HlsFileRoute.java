package dev.hibiki.live.hls;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Serves the HLS output directory at {@code GET /hls/<channel>/<key>/...}: playlists (never cached, they change
 * every segment), MPEG-TS or fragmented-MP4 media segments (immutable once written) and fMP4 init segments (not
 * cached: a new sender on the same playlist URL writes a new one), readable from any origin so that players on other
 * sites work. Only names the output itself writes can be asked for, so no path leaves the directory.
 *
 * <p>A file that is not there is answered with a 404 saying why ({@link Absence}), so that a player knows whether
 * waiting can help. Only a request whose channel id and playlist key name a playlist learns that the channel
 * exists: the playlist URL is the capability, and anything less answers like a channel that never existed.
 */
public final class HlsFileRoute {

    static final String PLAYLIST_TYPE = "application/vnd.apple.mpegurl";
    static final String SEGMENT_TYPE = "video/mp2t";
    /** RFC 8216 §3.3 names no type; this is the one registered for ISO BMFF media segments (RFC 4337 family). */
    static final String FMP4_SEGMENT_TYPE = "video/iso.segment";
    static final String INIT_TYPE = "video/mp4";
    /** Each part of the path: no dots at the start (no "..", no hidden temporary files), nothing but these. */
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}(\\.[A-Za-z0-9]{1,8})?");
    private static final int MAX_DEPTH = 4;

    private final Path root;
    private final BytesServed bytesServed;
    private final PlaylistUrls playlistUrls;
    private final NotFound notFound;
    private PlaylistReads playlistReads = PlaylistReads.NONE;

    /** Told how many body bytes each GET served, by channel id (the first part of the path), for billing. */
    @FunctionalInterface
    public interface BytesServed {
        void add(String channelId, long bytes);
    }

    /** Told of each playlist a client read (GET), by channel id: who is watching. */
    @FunctionalInterface
    public interface PlaylistReads {
        void playlistRead(String channelId, Context ctx);

        PlaylistReads NONE = (channelId, ctx) -> { };
    }

    /** Whether {@code /hls/<channelId>/<playlistKey>/} is the playlist URL of a channel that exists. */
    @FunctionalInterface
    public interface PlaylistUrls {
        boolean exists(String channelId, String playlistKey);
    }

    /** Why a request found no file: whether a player should try again. */
    public enum Absence {
        /** The playlist URL is a live channel's, but its output has no master playlist: nobody publishes yet. */
        NOT_LIVE,
        /** No channel has this playlist URL (any more): trying again cannot help. */
        NO_PLAYLIST,
        /** The output is there but not this file (e.g. a segment that has left the playlist's window). */
        NO_FILE
    }

    /** Writes the 404 answer for a file that is not there, in the error shape of the HTTP front. */
    @FunctionalInterface
    public interface NotFound {
        void answer(Context ctx, Absence absence, String message);
    }

    public HlsFileRoute(Path root, BytesServed bytesServed, PlaylistUrls playlistUrls, NotFound notFound) {
        this.root = root.toAbsolutePath().normalize();
        this.bytesServed = bytesServed;
        this.playlistUrls = playlistUrls;
        this.notFound = notFound;
    }

    /** Who reads the playlists; set before {@link #register}. */
    public HlsFileRoute playlistReads(PlaylistReads reads) {
        this.playlistReads = reads;
        return this;
    }

    public void register(JavalinConfig cfg) {
        cfg.routes.get("/hls/<path>", this::serve);
        cfg.routes.head("/hls/<path>", this::serve); // CDNs and some players probe with HEAD
    }

    private void serve(Context ctx) throws IOException {
        String relative = ctx.pathParam("path");
        Path file = resolve(relative);
        String type = file == null ? null : contentType(file.getFileName().toString());
        byte[] data = null;
        if (type != null) {
            try {
                data = Files.readAllBytes(file);
            } catch (NoSuchFileException | java.nio.file.AccessDeniedException e) {
                data = null;
            } catch (IOException e) {
                if (!Files.isRegularFile(file)) data = null;
                else throw e;
            }
        }
        ctx.header("Access-Control-Allow-Origin", "*");
        if (data == null) {
            answerMissing(ctx, relative);
            return;
        }
        boolean mediaSegment = type.equals(SEGMENT_TYPE) || type.equals(FMP4_SEGMENT_TYPE);
        ctx.header("Cache-Control", mediaSegment ? "public, max-age=31536000, immutable" : "no-cache");
        ctx.contentType(type);
        ctx.result(data);
        if (ctx.method() == io.javalin.http.HandlerType.GET) {
            String channelId = relative.substring(0, relative.indexOf('/'));
            bytesServed.add(channelId, data.length);
            if (type.equals(PLAYLIST_TYPE)) playlistReads.playlistRead(channelId, ctx);
        }
    }

    /**
     * Only runs when no file answered, so serving files never costs the look-up. The answer is not cached: a playlist
     * that is not live yet will be in a few seconds.
     */
    private void answerMissing(Context ctx, String relative) {
        ctx.header("Cache-Control", "no-cache");
        String[] parts = relative == null ? new String[0] : relative.split("/", -1);
        boolean playlistUrl = parts.length >= 2 && PART.matcher(parts[0]).matches() && PART.matcher(parts[1]).matches()
                && playlistUrls.exists(parts[0], parts[1]);
        if (!playlistUrl) {
            notFound.answer(ctx, Absence.NO_PLAYLIST, "no HLS output at this playlist URL: its channel was deleted or"
                    + " never existed (or, on a multistream channel, the sender of this playlist left); trying again"
                    + " will not help");
        } else if (!Files.exists(root.resolve(parts[0]).resolve(parts[1]).resolve(HlsOutput.MASTER))) {
            notFound.answer(ctx, Absence.NOT_LIVE, "channel " + parts[0] + " exists but is not live yet: nobody is"
                    + " publishing to it, or the sender has just started (the playlist appears a few seconds after its"
                    + " media starts); try again");
        } else {
            notFound.answer(ctx, Absence.NO_FILE, "this HLS output has no such file (segments are deleted once they"
                    + " have left the playlist's window)");
        }
    }

    /** The file for a request path below /hls/, or null when the path is not one an output could have written. */
    Path resolve(String relative) {
        if (relative == null || relative.isEmpty()) return null;
        String[] parts = relative.split("/", -1);
        if (parts.length < 2 || parts.length > MAX_DEPTH) return null;
        for (String part : parts) {
            if (!PART.matcher(part).matches()) return null;
        }
        Path file = root.resolve(relative).normalize();
        return file.startsWith(root) && !file.equals(root) ? file : null;
    }

    static String contentType(String name) {
        if (name.endsWith(".m3u8")) return PLAYLIST_TYPE;
        if (name.endsWith(".ts")) return SEGMENT_TYPE;
        if (name.endsWith(".m4s")) return FMP4_SEGMENT_TYPE;
        if (name.endsWith(".mp4")) return INIT_TYPE;
        return null;
    }
}
