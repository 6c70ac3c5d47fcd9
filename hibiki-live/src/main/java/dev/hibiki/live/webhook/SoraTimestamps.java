package dev.hibiki.live.webhook;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Sora writes every timestamp (webhooks, notifies, stats) as RFC 3339 in UTC with microseconds. */
public final class SoraTimestamps {

    private static final DateTimeFormatter RFC3339_MICROS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private SoraTimestamps() {
    }

    public static String format(Instant instant) {
        return RFC3339_MICROS.format(instant.truncatedTo(ChronoUnit.MICROS));
    }

    public static String now() {
        return format(Instant.now());
    }
}
