package dev.hibiki.ricoh;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Timestamps as the database stores them and as the API writes them. */
final class Times {

    private Times() {
    }

    /** Microseconds: what both H2 and PostgreSQL store, so values read back compare equal. */
    static OffsetDateTime now(Clock clock) {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    /** RFC 3339 in UTC to the second, as the document's examples ({@code 2004-04-01T00:00:01Z}). */
    static String rfc3339(OffsetDateTime t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.toInstant().truncatedTo(ChronoUnit.SECONDS));
    }
}
