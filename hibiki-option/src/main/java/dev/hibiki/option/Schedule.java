package dev.hibiki.option;

import java.time.OffsetDateTime;

/** A broadcast schedule of a system; {@code imageFluxParams} is its validated hls[] ladder as JSON text. */
record Schedule(String id, String systemId, String name, OffsetDateTime start, OffsetDateTime end,
                String imageFluxParams, String createdUserName, OffsetDateTime createdAt) {

    boolean overlaps(OffsetDateTime otherStart, OffsetDateTime otherEnd) {
        return start.isBefore(otherEnd) && otherStart.isBefore(end);
    }
}
