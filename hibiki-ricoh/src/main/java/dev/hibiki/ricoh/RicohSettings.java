package dev.hibiki.ricoh;

import dev.hibiki.platform.config.ConfigValues;
import dev.hibiki.platform.config.Setting;

import java.time.Duration;
import java.util.List;

/**
 * The RICOH API's keys.
 *
 * @param tokenTtl  how long an access token from {@code POST /v1/token} is valid
 * @param ticketTtl how long a signaling ticket may wait before its first (and only) use
 */
public record RicohSettings(Duration tokenTtl, Duration ticketTtl) {

    public static final Setting TOKEN_TTL_SECONDS = Setting.of("ricoh.token_ttl_seconds",
            "HIBIKI_RICOH_TOKEN_TTL_SECONDS", "--ricoh-token-ttl-seconds", "3600", "S",
            "lifetime of the RICOH API's access tokens (POST /v1/token)");
    public static final Setting TICKET_TTL_SECONDS = Setting.of("ricoh.ticket_ttl_seconds",
            "HIBIKI_RICOH_TICKET_TTL_SECONDS", "--ricoh-ticket-ttl-seconds", "300", "S",
            "how long a RICOH API room ticket stays usable before signaling");

    public static final List<Setting> ALL = List.of(TOKEN_TTL_SECONDS, TICKET_TTL_SECONDS);

    public static final RicohSettings DEFAULT = new RicohSettings(Duration.ofHours(1), Duration.ofMinutes(5));

    public static RicohSettings resolve(ConfigValues v) {
        return new RicohSettings(Duration.ofSeconds(v.integer(TOKEN_TTL_SECONDS, 60, 86_400)),
                Duration.ofSeconds(v.integer(TICKET_TTL_SECONDS, 10, 86_400)));
    }
}
