package dev.hibiki.archive;

/** Hears about archive files that could not even be queued (the spool's disk failed or is full). */
public interface ArchiveFailures {

    void notQueued(String destinationId, String key, Throwable cause);
}
