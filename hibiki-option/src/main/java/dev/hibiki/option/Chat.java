package dev.hibiki.option;

import java.time.OffsetDateTime;

/** A chat message of a schedule; ids grow with time, so they page ({@code since}). */
record Chat(long id, String scheduleId, String userName, String body, OffsetDateTime createdAt) {
}
