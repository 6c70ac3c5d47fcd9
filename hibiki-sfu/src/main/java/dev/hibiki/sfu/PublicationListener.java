package dev.hibiki.sfu;

import java.util.List;

/**
 * Told when senders start and stop publishing, on SFU threads: an implementation must return quickly (hand the work
 * to its own threads).
 */
public interface PublicationListener {

    PublicationListener NONE = new PublicationListener() {
        @Override
        public void onPublished(Router router, Connection publisher, List<PublishedTrack> tracks) {
        }

        @Override
        public void onPublisherLeft(Router router, Connection publisher) {
        }
    };

    /**
     * A sender's transport is up and these of its streams flow (may be called again for the same connection when
     * a stream's SSRC is learnt later).
     */
    void onPublished(Router router, Connection publisher, List<PublishedTrack> tracks);

    /** A sending connection left the channel (closed, failed or the channel was removed). */
    void onPublisherLeft(Router router, Connection publisher);
}
