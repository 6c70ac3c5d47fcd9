package dev.hibiki.archive;

import dev.hibiki.live.hls.HlsOutputInfo;

/** Hears about archive files that could not even be queued (the spool's disk failed or is full). */
public interface ArchiveFailures {

    void notQueued(HlsOutputInfo output, String destinationId, String key, Throwable cause);
}
