package dev.hibiki.option;

import dev.hibiki.live.ChannelAudience;
import dev.hibiki.live.channel.Channel;
import dev.hibiki.platform.http.ApiException;
import dev.hibiki.platform.http.JsonResponses;
import dev.hibiki.platform.http.PublicUrls;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.hibiki.option.OptionResponses.answering;

/** {@code /api/schedule} (list, create, edit, delete), {@code GET /api/delivery} and {@code GET /api/view}. */
final class ScheduleApi {

    private final ScheduleService schedules;
    private final ScheduleChannels channels;
    private final OptionAuth auth;
    private final OptionTimes times;
    private final PublicUrls urls;
    private final ChannelAudience audience;

    ScheduleApi(ScheduleService schedules, ScheduleChannels channels, OptionAuth auth, OptionTimes times, PublicUrls urls,
                ChannelAudience audience) {
        this.audience = audience;
        this.schedules = schedules;
        this.channels = channels;
        this.auth = auth;
        this.times = times;
        this.urls = urls;
    }

    void register(JavalinConfig cfg) {
        cfg.routes.get("/api/schedule", answering(this::list));
        cfg.routes.post("/api/schedule", answering(this::create));
        cfg.routes.patch("/api/schedule", answering(this::update));
        cfg.routes.delete("/api/schedule", answering(this::delete));
        cfg.routes.get("/api/delivery", answering(this::delivery));
        cfg.routes.get("/api/view", answering(this::view));
        cfg.routes.get("/api/audience", answering(this::audience));
        MethodNotAllowed.register(cfg, "/api/schedule", "GET", "POST", "PATCH", "DELETE");
        MethodNotAllowed.register(cfg, "/api/delivery", "GET");
        MethodNotAllowed.register(cfg, "/api/view", "GET");
    }

    private Map<String, Object> json(Schedule s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("schedule_id", s.id());
        out.put("name", s.name());
        out.put("start_datetime", times.format(s.start(), OptionTimes.SCHEDULE));
        out.put("end_datetime", times.format(s.end(), OptionTimes.SCHEDULE));
        out.put("created_datetime", times.format(s.createdAt(), OptionTimes.SCHEDULE));
        out.put("created_user_name", s.createdUserName());
        out.put("imageflux_params", ImageFluxParams.json(s.imageFluxParams()));
        return out;
    }

    private void list(Context ctx) {
        OptionUser caller = auth.authenticate(ctx);
        List<Map<String, Object>> all = schedules.list(caller).stream().map(this::json).toList();
        JsonResponses.write(ctx, 200, all);
    }

    private void create(Context ctx) {
        OptionUser caller = auth.authenticate(ctx);
        OptionRequest req = OptionRequest.of(ctx);
        String name = req.requiredText("name");
        OffsetDateTime start = req.requiredDatetime("start_datetime", times);
        OffsetDateTime end = req.requiredDatetime("end_datetime", times);
        String params = ImageFluxParams.validated(req.fields());
        String id = schedules.create(caller, name, start, end, params);
        OptionResponses.ok(ctx, "schedule_id", id);
    }

    private void update(Context ctx) {
        OptionUser caller = auth.authenticate(ctx);
        OptionRequest req = OptionRequest.of(ctx);
        String id = req.requiredText("schedule_id");
        String params = req.has(ImageFluxParams.FIELD) ? ImageFluxParams.validated(req.fields()) : null;
        schedules.update(caller, id, new ScheduleService.ScheduleChanges(req.text("name"),
                req.datetime("start_datetime", times), req.datetime("end_datetime", times), params));
        OptionResponses.ok(ctx);
    }

    private void delete(Context ctx) {
        OptionUser caller = auth.authenticate(ctx);
        OptionRequest req = OptionRequest.of(ctx);
        schedules.delete(caller, req.requiredText("schedule_id"));
        OptionResponses.ok(ctx);
    }

    private void delivery(Context ctx) {
        OptionUser caller = auth.authenticate(ctx);
        Channel channel = channels.open(caller, scheduleId(ctx), ScheduleChannels.Need.DELIVERY);
        OptionResponses.ok(ctx, "channel_id", channel.id(), "sora_url", urls.signalingUrl());
    }

    private void view(Context ctx) {
        OptionUser caller = auth.authenticate(ctx);
        Channel channel = channels.open(caller, scheduleId(ctx), ScheduleChannels.Need.VIEW);
        OptionResponses.ok(ctx, "playlist_url", urls.playlistUrl(channel.id(), channel.playlistKey()));
    }

    /** Who watches the schedule's broadcast now: for the broadcaster's page (not one of the document's APIs). */
    private void audience(Context ctx) {
        OptionUser caller = auth.authenticate(ctx);
        Optional<String> channel = channels.currentChannel(caller, scheduleId(ctx));
        int webrtc = channel.map(audience::webRtcViewers).orElse(0);
        int hls = channel.map(audience::hlsViewers).orElse(0);
        OptionResponses.ok(ctx, "webrtc", webrtc, "hls", hls, "total", webrtc + hls);
    }

    private static String scheduleId(Context ctx) {
        String id = OptionRequest.of(ctx).requiredText("schedule_id");
        if (id.isBlank()) throw ApiException.invalid("schedule_id must not be empty");
        return id;
    }
}
