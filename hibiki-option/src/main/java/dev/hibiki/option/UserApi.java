package dev.hibiki.option;

import dev.hibiki.platform.http.JsonResponses;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.hibiki.option.OptionResponses.answering;

/** {@code /api/user}: list, create, edit and delete the users of the caller's system. */
final class UserApi {

    private final UserService users;
    private final OptionAuth auth;
    private final OptionTimes times;

    UserApi(UserService users, OptionAuth auth, OptionTimes times) {
        this.users = users;
        this.auth = auth;
        this.times = times;
    }

    void register(JavalinConfig cfg) {
        cfg.routes.get("/api/user", answering(this::list));
        cfg.routes.post("/api/user", answering(this::create));
        cfg.routes.patch("/api/user", answering(this::update));
        cfg.routes.delete("/api/user", answering(this::delete));
    }

    /** The document's user object; permissions as 1 or 0, a master's all 1. */
    static Map<String, Object> json(OptionUser u, OptionTimes times) {
        Permissions p = u.effective();
        Map<String, Object> permissions = new LinkedHashMap<>();
        permissions.put("delivery", p.delivery() ? 1 : 0);
        permissions.put("view", p.view() ? 1 : 0);
        permissions.put("schedule", p.schedule() ? 1 : 0);
        permissions.put("user", p.user() ? 1 : 0);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user_id", u.id());
        out.put("name", u.name());
        out.put("email", u.email());
        out.put("is_master", u.master());
        out.put("created_datetime", times.format(u.createdAt(), OptionTimes.PLAIN));
        out.put("permissions", permissions);
        return out;
    }

    private void list(Context ctx) {
        OptionUser caller = auth.authenticate(ctx);
        List<Map<String, Object>> all = users.list(caller).stream().map(u -> json(u, times)).toList();
        JsonResponses.write(ctx, 200, all);
    }

    private void create(Context ctx) {
        OptionUser caller = auth.authenticate(ctx);
        OptionRequest req = OptionRequest.of(ctx);
        UserService.NewUser user = new UserService.NewUser(req.requiredText("name"), req.requiredText("email"),
                req.requiredText("password"), req.bool("is_master", false),
                new Permissions(req.bool("delivery", false), req.bool("view", false), req.bool("schedule", false),
                        req.bool("user", false)));
        long id = users.create(caller, user);
        OptionResponses.ok(ctx, "user_id", id);
    }

    private void update(Context ctx) {
        OptionUser caller = auth.authenticate(ctx);
        OptionRequest req = OptionRequest.of(ctx);
        long id = req.requiredInteger("user_id", 1, Long.MAX_VALUE);
        users.update(caller, id, new UserService.UserChanges(req.text("name"), req.text("email"), req.text("password"),
                req.bool("is_master"), req.bool("delivery"), req.bool("view"), req.bool("schedule"), req.bool("user")));
        OptionResponses.ok(ctx);
    }

    private void delete(Context ctx) {
        OptionUser caller = auth.authenticate(ctx);
        OptionRequest req = OptionRequest.of(ctx);
        users.delete(caller, req.requiredInteger("user_id", 1, Long.MAX_VALUE));
        OptionResponses.ok(ctx);
    }
}
