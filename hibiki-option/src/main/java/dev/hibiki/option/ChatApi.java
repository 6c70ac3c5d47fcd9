package dev.hibiki.option;

import dev.hibiki.platform.http.JsonBodyReader;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.hibiki.option.OptionResponses.answering;

/**
 * {@code POST /api/chat}, {@code GET /api/chat} (oldest first, {@code since} / {@code limit}), and
 * {@code GET /api/chat/stream}: Server-Sent Events with each new message of a schedule as it is posted (event
 * {@code chat}, id = chat_id, so a browser's EventSource resumes where it stopped). EventSource sends no headers, so
 * the stream also takes the login token as {@code token} in the query.
 */
final class ChatApi {

    /** A comment line this often keeps proxies from closing an idle stream, and finds closed clients. */
    static final long HEARTBEAT_SECONDS = 15;
    /** Queued messages per stream beyond which a client that stopped reading is dropped. */
    private static final int MAX_QUEUED = 1000;
    private static final Chat CLOSE = new Chat(-1, "", "", "", null);

    private final ChatService chats;
    private final OptionAuth auth;
    private final OptionTimes times;
    private final Set<BlockingQueue<Chat>> streams = ConcurrentHashMap.newKeySet();

    ChatApi(ChatService chats, OptionAuth auth, OptionTimes times) {
        this.chats = chats;
        this.auth = auth;
        this.times = times;
    }

    void register(JavalinConfig cfg) {
        cfg.routes.get("/api/chat", answering(this::list));
        cfg.routes.post("/api/chat", answering(this::post));
        cfg.routes.get("/api/chat/stream", answering(this::stream));
    }

    private Map<String, Object> json(Chat c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("chat_id", c.id());
        out.put("user_name", c.userName());
        out.put("body", c.body());
        out.put("created_datetime", times.format(c.createdAt(), OptionTimes.PLAIN));
        return out;
    }

    private void post(Context ctx) {
        OptionUser caller = auth.authenticate(ctx);
        OptionRequest req = OptionRequest.of(ctx);
        Chat chat = chats.post(caller, req.requiredText("schedule_id"), req.requiredText("body"));
        OptionResponses.ok(ctx, "chat_id", chat.id());
    }

    private void list(Context ctx) {
        OptionUser caller = auth.authenticate(ctx);
        OptionRequest req = OptionRequest.of(ctx);
        String scheduleId = req.requiredText("schedule_id");
        long since = orDefault(req.integer("since", 0, Long.MAX_VALUE), 0);
        int limit = (int) orDefault(req.integer("limit", 1, ChatService.MAX_LIMIT), ChatService.DEFAULT_LIMIT);
        List<Map<String, Object>> out = chats.list(caller, scheduleId, since, limit).stream().map(this::json).toList();
        OptionResponses.ok(ctx, "chats", out);
    }

    /**
     * Blocks this request's (virtual) thread for as long as the client listens: first the messages after
     * {@code since} (or {@code Last-Event-ID}), then each new one.
     */
    private void stream(Context ctx) throws IOException {
        OptionUser caller = auth.authenticate(ctx, ctx.queryParam("token"));
        OptionRequest req = OptionRequest.of(ctx);
        String scheduleId = req.requiredText("schedule_id");
        Long since = req.integer("since", 0, Long.MAX_VALUE);
        String lastEventId = ctx.header("Last-Event-ID");
        if (lastEventId != null && lastEventId.strip().matches("\\d{1,18}")) since = Long.parseLong(lastEventId.strip());
        BlockingQueue<Chat> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
        Runnable stop = chats.listen(caller, scheduleId, chat -> {
            if (!queue.offer(chat)) queue.clear();
        });
        streams.add(queue);
        try {
            ctx.status(200).contentType("text/event-stream; charset=utf-8");
            ctx.header("Cache-Control", "no-store");
            ctx.header("X-Accel-Buffering", "no");
            OutputStream out = ctx.res().getOutputStream();
            long sent = since == null ? Long.MAX_VALUE : since;
            if (since != null) {
                for (Chat c : chats.list(caller, scheduleId, since, ChatService.MAX_LIMIT)) {
                    write(out, c);
                    sent = c.id();
                }
            }
            out.write(": connected\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (true) {
                Chat next = queue.poll(HEARTBEAT_SECONDS, TimeUnit.SECONDS);
                if (next == CLOSE) return;
                if (next == null) {
                    out.write(": heartbeat\n\n".getBytes(StandardCharsets.UTF_8));
                } else if (since == null || next.id() > sent) {
                    write(out, next);
                }
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away
        } finally {
            stop.run();
            streams.remove(queue);
        }
    }

    private void write(OutputStream out, Chat c) throws IOException {
        String data = JsonBodyReader.mapper().writeValueAsString(json(c));
        out.write(("id: " + c.id() + "\nevent: chat\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Ends every open stream, so that stopping the server does not wait for listeners. */
    void closeStreams() {
        for (BlockingQueue<Chat> q : streams) {
            q.clear();
            q.offer(CLOSE);
        }
    }

    private static long orDefault(Long v, long absent) {
        return v == null ? absent : v;
    }
}
