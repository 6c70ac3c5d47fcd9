package dev.hibiki.server.hls;

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

    /** Told how many body bytes each GET served, by channel id (the first part of the path), for billing. */
    @FunctionalInterface
    public interface BytesServed {
        void add(String channelId, long bytes);
    }

    public HlsFileRoute(Path root) {
        this(root, (channelId, bytes) -> { });
    }

    public HlsFileRoute(Path root, BytesServed bytesServed) {
        this.root = root.toAbsolutePath().normalize();
        this.bytesServed = bytesServed;
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
        if (data == null) {
            ctx.status(404); // the JSON 404 of HttpServer follows
            return;
        }
        ctx.header("Access-Control-Allow-Origin", "*");
        boolean mediaSegment = type.equals(SEGMENT_TYPE) || type.equals(FMP4_SEGMENT_TYPE);
        ctx.header("Cache-Control", mediaSegment ? "public, max-age=31536000, immutable" : "no-cache");
        ctx.contentType(type);
        ctx.result(data);
        if (ctx.method() == io.javalin.http.HandlerType.GET) bytesServed.add(relative.substring(0, relative.indexOf('/')), data.length);
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
