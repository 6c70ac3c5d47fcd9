package dev.hibiki.archive;

/** The Content-Type an archived HLS file is stored with, so a player reading the bucket gets what it expects. */
final class ArchiveContentTypes {

    private ArchiveContentTypes() {
    }

    static String of(String path) {
        if (path.endsWith(".m3u8")) return "application/vnd.apple.mpegurl";
        if (path.endsWith(".ts")) return "video/mp2t";
        if (path.endsWith(".m4s")) return "video/iso.segment";
        if (path.endsWith(".mp4")) return "video/mp4";
        return "application/octet-stream";
    }

    /** ImageFlux's {@code file_type}: the extension ({@code ts}, {@code m3u8}, ...). */
    static String fileType(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(dot + 1);
    }
}
