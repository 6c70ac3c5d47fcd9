package dev.hibiki.live.imageflux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hibiki.live.channel.ChannelService;
import dev.hibiki.platform.http.ApiCall;
import dev.hibiki.platform.http.ApiException;
import dev.hibiki.platform.http.SoraTargetDispatcher;
import dev.hibiki.live.signaling.LiveConnection;
import dev.hibiki.live.signaling.SignalingEndpoint;
import dev.hibiki.platform.usage.ConnectionUsage;
import dev.hibiki.platform.usage.UsageService;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ImageFlux_20180601.Stats}: the calling token's usage over a time range, per channel and in total
 * (connection minutes by role, media bytes in and out, HLS bytes served). ImageFlux lists it as "not
 * implemented"; Hibiki fills it with the numbers a bill needs (docs/API.md).
 */
public final class ImageFluxStatsApi {

    public static final String STATS = "ImageFlux_20180601.Stats";
    private static final Duration MAX_RANGE = Duration.ofDays(366);

    private final ChannelService channels;
    private final SignalingEndpoint signaling;
    private final UsageService usage;

    public ImageFluxStatsApi(ChannelService channels, SignalingEndpoint signaling, UsageService usage) {
        this.channels = channels;
        this.signaling = signaling;
        this.usage = usage;
    }

    public void registerWith(SoraTargetDispatcher d) {
        d.register(STATS, this::stats);
    }

    private Object stats(ApiCall call) {
        Instant now = Instant.now();
        Instant monthStart = OffsetDateTime.now(ZoneOffset.UTC).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).toInstant();
        Instant from = time(call.body(), "start_time", monthStart);
        Instant to = time(call.body(), "end_time", now);
        if (!to.isAfter(from)) throw ApiException.invalid("end_time must be after start_time");
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw ApiException.invalid("the range from start_time to end_time must be at most 366 days");
        }
        List<ConnectionUsage> live = new ArrayList<>();
        for (String channelId : channels.listIds(call.tokenId())) {
            for (LiveConnection c : signaling.connections(channelId)) {
                if (c.createdAt() == null) continue;
                live.add(new ConnectionUsage(c.connectionId(), channelId, call.tokenId(), c.role().wire(),
                        c.createdAt(), now, c.stats().bytesReceived(), c.stats().bytesSent()));
            }
        }
        UsageService.Report report = usage.report(call.tokenId(), from, to, live);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("start_time", from.toString());
        out.put("end_time", to.toString());
        out.put("total", report.total().toJson());
        List<Map<String, Object>> perChannel = new ArrayList<>();
        report.byChannel().forEach((channelId, totals) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("channel_id", channelId);
            row.putAll(totals.toJson());
            perChannel.add(row);
        });
        out.put("channels", perChannel);
        return out;
    }

    /** RFC 3339 text or Unix seconds; absent = {@code fallback}. */
    private static Instant time(ObjectNode body, String name, Instant fallback) {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) return fallback;
        if (n.isIntegralNumber() && n.canConvertToLong() && n.longValue() >= 0 && n.longValue() < 253402300800L) {
            return Instant.ofEpochSecond(n.longValue());
        }
        if (n.isTextual()) {
            try {
                return OffsetDateTime.parse(n.textValue()).toInstant();
            } catch (DateTimeParseException e) {
                // fall through to the error below
            }
        }
        throw ApiException.invalid(name + " must be an RFC 3339 time such as \"2026-11-01T00:00:00Z\" or Unix seconds");
    }
}
