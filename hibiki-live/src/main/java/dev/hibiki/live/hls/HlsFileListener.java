package dev.hibiki.live.hls;

/**
 * Hears what an HLS output writes, for a feature that keeps a copy elsewhere (the archive). Called on the output's
 * transcoder thread, right after the file is in place: an implementation must return quickly (queue the file, never
 * upload it here) and must not keep the path past the call, since the live window deletes old segments. Another
 * feature provides it through {@code Platform.provide(HlsFileListener.class, ...)}.
 */
public interface HlsFileListener {

    HlsFileListener NONE = new HlsFileListener() {
    };

    /** A sender's output started writing into {@link HlsOutputInfo#directory()}. */
    default void started(HlsOutputInfo output) {
    }

    /** A file of the output was written (or rewritten, for a playlist). */
    default void written(HlsOutputInfo output, HlsFile file) {
    }

    /** The sender left: the last segments and the ended playlists are written; nothing more comes. */
    default void ended(HlsOutputInfo output) {
    }
}
