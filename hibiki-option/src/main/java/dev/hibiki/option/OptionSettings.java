package dev.hibiki.option;

import dev.hibiki.platform.config.ConfigValues;
import dev.hibiki.platform.config.Setting;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/**
 * The Live Streaming Option's keys.
 *
 * @param tokenTtl     how long a token from {@code POST /api/login} is valid
 * @param zone         the time zone in which the API reads and writes datetimes (they carry no offset)
 * @param deliveryLead how long before a schedule's start its delivery and view information are handed out
 */
public record OptionSettings(Duration tokenTtl, ZoneId zone, Duration deliveryLead) {

    public static final Setting TOKEN_TTL_SECONDS = Setting.of("option.token_ttl_seconds",
            "HIBIKI_OPTION_TOKEN_TTL_SECONDS", "--option-token-ttl-seconds", "86400", "S",
            "lifetime of the Live Streaming Option's login tokens (POST /api/login)");
    public static final Setting TIME_ZONE = Setting.of("option.time_zone", "HIBIKI_OPTION_TIME_ZONE",
            "--option-time-zone", "Asia/Tokyo", "ZONE",
            "time zone of the Live Streaming Option's datetimes, which carry no offset (an IANA name)");
    public static final Setting DELIVERY_LEAD_SECONDS = Setting.of("option.delivery_lead_seconds",
            "HIBIKI_OPTION_DELIVERY_LEAD_SECONDS", "--option-delivery-lead-seconds", "900", "S",
            "how long before a schedule's start GET /api/delivery and /api/view answer (the channel is made then)");

    public static final List<Setting> ALL = List.of(TOKEN_TTL_SECONDS, TIME_ZONE, DELIVERY_LEAD_SECONDS);

    public static final OptionSettings DEFAULT = new OptionSettings(Duration.ofHours(24), ZoneId.of("Asia/Tokyo"),
            Duration.ofMinutes(15));

    public static OptionSettings resolve(ConfigValues v) {
        ZoneId zone;
        try {
            zone = ZoneId.of(v.text(TIME_ZONE));
        } catch (DateTimeException e) {
            throw v.invalid(TIME_ZONE, "not a time zone; give an IANA name such as Asia/Tokyo or UTC");
        }
        return new OptionSettings(Duration.ofSeconds(v.integer(TOKEN_TTL_SECONDS, 60, 30 * 86_400)), zone,
                Duration.ofSeconds(v.integer(DELIVERY_LEAD_SECONDS, 0, 86_400)));
    }
}
