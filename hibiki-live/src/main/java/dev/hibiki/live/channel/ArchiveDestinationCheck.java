package dev.hibiki.live.channel;

/**
 * Whether an archive destination exists for a token, so that a channel is created only with destinations its
 * owner can use. The archive feature provides it ({@code Platform.provide}); without that feature no destination
 * exists.
 */
@FunctionalInterface
public interface ArchiveDestinationCheck {

    ArchiveDestinationCheck NONE = (ownerTokenId, destinationId) -> false;

    boolean exists(String ownerTokenId, String destinationId);
}
