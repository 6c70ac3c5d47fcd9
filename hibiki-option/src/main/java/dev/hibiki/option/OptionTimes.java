package dev.hibiki.option;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The document's datetimes: local times without an offset, read and written in the configured time zone, in the
 * three spellings the document uses. Stored in UTC to the microsecond, as every module stores time.
 */
final class OptionTimes {

    /** Schedules: {@code 2021-11-19T12:00:00}. */
    static final DateTimeFormatter SCHEDULE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
    /** Users and chats: {@code 2021-11-01 12:00:00} (the document's general format). */
    static final DateTimeFormatter PLAIN = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
    /** Login: {@code 2021/10/10 20:00:00}. */
    static final DateTimeFormatter SLASHED = DateTimeFormatter.ofPattern("uuuu/MM/dd HH:mm:ss");

    /** What requests may use; strict, so that 2021-02-30 is refused rather than moved to March. */
    private static final List<DateTimeFormatter> ACCEPTED = List.of(SLASHED, PLAIN, SCHEDULE).stream()
            .map(f -> f.withResolverStyle(ResolverStyle.STRICT)).toList();

    static final String ACCEPTED_FORMATS = "2021/10/30 12:00:00, 2021-10-30 12:00:00 or 2021-10-30T12:00:00";

    private final ZoneId zone;
    private final Clock clock;

    OptionTimes(ZoneId zone, Clock clock) {
        this.zone = zone;
        this.clock = clock;
    }

    ZoneId zone() {
        return zone;
    }

    /** Microseconds: what both H2 and PostgreSQL store, so values read back compare equal. */
    OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    /** The text as a local time in this zone, in one of the accepted spellings. */
    Optional<OffsetDateTime> parse(String text) {
        if (text == null) return Optional.empty();
        for (DateTimeFormatter f : ACCEPTED) {
            try {
                LocalDateTime local = LocalDateTime.parse(text.strip(), f);
                return Optional.of(local.atZone(zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException e) {
                // try the next spelling
            }
        }
        return Optional.empty();
    }

    String format(OffsetDateTime t, DateTimeFormatter style) {
        return style.format(t.atZoneSameInstant(zone).toLocalDateTime());
    }
}
