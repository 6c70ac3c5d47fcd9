package dev.hibiki.option;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.hibiki.option.OptionServer.LADDER;
import static dev.hibiki.option.OptionServer.errorCode;
import static dev.hibiki.option.OptionServer.json;
import static dev.hibiki.option.OptionServer.scheduleBody;
import static org.assertj.core.api.Assertions.assertThat;

/** /api/schedule: the document's formats, overlap at the edges, the rules of each field, permissions, systems. */
class OptionSchedulesTest extends OptionApiTest {

    private HttpResponse<String> create(OptionServer.Master m, String start, String end) {
        return server.request("POST", "/api/schedule", m.bearer(), scheduleBody("テスト配信", start, end));
    }

    @Test
    void aScheduleIsCreatedInAnyAcceptedSpellingAndListedInTheDocumentsFormat() {
        OptionServer.Master m = server.newSystem();
        HttpResponse<String> r = create(m, "2031/10/30 12:00:00", "2031-10-30 15:00:00");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String id = json(r).get("schedule_id").asText();
        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(create(m, "2031-10-29T12:00:00", "2031-10-29T13:00:00").statusCode()).isEqualTo(200);

        JsonNode list = json(server.request("GET", "/api/schedule", m.bearer(), null));
        assertThat(list).hasSize(2);
        JsonNode later = list.get(1);
        assertThat(later.get("schedule_id").asText()).isEqualTo(id);
        assertThat(later.get("name").asText()).isEqualTo("テスト配信");
        assertThat(later.get("start_datetime").asText()).isEqualTo("2031-10-30T12:00:00");
        assertThat(later.get("end_datetime").asText()).isEqualTo("2031-10-30T15:00:00");
        assertThat(later.get("created_datetime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d");
        assertThat(later.get("created_user_name").asText()).startsWith("master ");
        assertThat(later.get("imageflux_params").get(0).get("video").get("width").asInt()).isEqualTo(640);
    }

    @Test
    void aScheduleEndingWhenTheNextStartsDoesNotOverlapButAnyCommonMinuteDoes() {
        OptionServer.Master m = server.newSystem();
        assertThat(create(m, "2031-11-01 12:00:00", "2031-11-01 13:00:00").statusCode()).isEqualTo(200);
        assertThat(create(m, "2031-11-01 13:00:00", "2031-11-01 14:00:00").statusCode()).isEqualTo(200);
        assertThat(create(m, "2031-11-01 11:00:00", "2031-11-01 12:00:00").statusCode()).isEqualTo(200);
        for (String[] overlap : List.of(
                new String[] {"2031-11-01 12:59:59", "2031-11-01 13:30:00"},
                new String[] {"2031-11-01 10:00:00", "2031-11-01 11:00:01"},
                new String[] {"2031-11-01 12:10:00", "2031-11-01 12:20:00"},
                new String[] {"2031-11-01 10:00:00", "2031-11-01 15:00:00"})) {
            HttpResponse<String> r = create(m, overlap[0], overlap[1]);
            assertThat(r.statusCode()).as(overlap[0]).isEqualTo(409);
            assertThat(errorCode(r)).isEqualTo("CONFLICT");
            assertThat(json(r).get("error").get("message").asText()).contains("overlaps");
        }
        OptionServer.Master other = server.newSystem();
        assertThat(create(other, "2031-11-01 12:00:00", "2031-11-01 13:00:00").statusCode()).isEqualTo(200);
    }

    @Test
    void anEditIsCheckedForOverlapWithOthersButNotWithItself() {
        OptionServer.Master m = server.newSystem();
        String first = json(create(m, "2031-12-01 12:00:00", "2031-12-01 13:00:00")).get("schedule_id").asText();
        assertThat(create(m, "2031-12-01 14:00:00", "2031-12-01 15:00:00").statusCode()).isEqualTo(200);
        HttpResponse<String> longer = server.request("PATCH", "/api/schedule", m.bearer(),
                "{\"schedule_id\":\"" + first + "\",\"end_datetime\":\"2031/12/01 14:00:00\",\"name\":\"renamed\"}");
        assertThat(longer.statusCode()).as(longer.body()).isEqualTo(200);
        assertThat(json(longer).toString()).isEqualTo("{\"ok\":true}");
        HttpResponse<String> overlapping = server.request("PATCH", "/api/schedule", m.bearer(),
                "{\"schedule_id\":\"" + first + "\",\"end_datetime\":\"2031/12/01 14:00:01\"}");
        assertThat(overlapping.statusCode()).isEqualTo(409);
        HttpResponse<String> reversed = server.request("PATCH", "/api/schedule", m.bearer(),
                "{\"schedule_id\":\"" + first + "\",\"start_datetime\":\"2031/12/01 14:00:00\"}");
        assertThat(reversed.statusCode()).isEqualTo(400);
        JsonNode edited = json(server.request("GET", "/api/schedule", m.bearer(), null)).get(0);
        assertThat(edited.get("name").asText()).isEqualTo("renamed");
        assertThat(edited.get("end_datetime").asText()).isEqualTo("2031-12-01T14:00:00");
    }

    @Test
    void everyFieldRuleIsCheckedWithAMessageNamingTheField() {
        OptionServer.Master m = server.newSystem();
        Map<String, String> bad = Map.of(
                scheduleBody("", "2032-01-01 12:00:00", "2032-01-01 13:00:00"), "name",
                scheduleBody("x".repeat(31), "2032-01-01 12:00:00", "2032-01-01 13:00:00"), "name",
                scheduleBody("x", "2032-01-01 13:00:00", "2032-01-01 13:00:00"), "end_datetime",
                scheduleBody("x", "2032-01-01 13:00:00", "2032-01-01 12:00:00"), "end_datetime",
                scheduleBody("x", "2032-02-30 12:00:00", "2032-03-01 13:00:00"), "start_datetime",
                scheduleBody("x", "2032-01-01 12:00", "2032-01-01 13:00:00"), "start_datetime",
                scheduleBody("x", "2032-01-01 12:00:00", "2032-01-01 13:00:00").replace(LADDER, "[]"), "imageflux_params",
                scheduleBody("x", "2032-01-01 12:00:00", "2032-01-01 13:00:00").replace("\"width\":640", "\"width\":1"),
                "imageflux_params[0].video.width",
                scheduleBody("x", "2032-01-01 12:00:00", "2032-01-01 13:00:00").replace(LADDER, "{}"), "imageflux_params");
        bad.forEach((body, field) -> {
            HttpResponse<String> r = server.request("POST", "/api/schedule", m.bearer(), body);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(errorCode(r)).isEqualTo("INVALID_PARAMETER");
            assertThat(json(r).get("error").get("message").asText()).as(body).startsWith(field);
        });
        HttpResponse<String> noLadder = server.request("POST", "/api/schedule", m.bearer(),
                "{\"name\":\"x\",\"start_datetime\":\"2032-01-01 12:00:00\",\"end_datetime\":\"2032-01-01 13:00:00\"}");
        assertThat(errorCode(noLadder)).isEqualTo("MISSING_PARAMETER");
        assertThat(json(server.request("GET", "/api/schedule", m.bearer(), null))).isEmpty();
        assertThat(server.request("POST", "/api/schedule", m.bearer(), scheduleBody("x".repeat(30),
                "2032-01-01 12:00:00", "2032-01-01 13:00:00")).statusCode()).isEqualTo(200);
    }

    @Test
    void aScheduleIsDeletedBeforeItsStartButNotFromItsStartOn() {
        OptionServer.Master m = server.newSystem();
        String id = server.newSchedule(m, 60, 120);
        String started = server.newSchedule(m, 200, 260);
        server.clock.advance(Duration.ofMinutes(200));
        try {
            HttpResponse<String> refused = server.request("DELETE", "/api/schedule?schedule_id=" + started, m.bearer(), null);
            assertThat(refused.statusCode()).isEqualTo(409);
            assertThat(json(refused).get("error").get("message").asText()).contains("can no longer be deleted");
        } finally {
            server.clock.advance(Duration.ofMinutes(-200));
        }
        HttpResponse<String> deleted = server.request("DELETE", "/api/schedule", m.bearer(), "{\"schedule_id\":\"" + id + "\"}");
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        assertThat(json(server.request("GET", "/api/schedule", m.bearer(), null))).hasSize(1);
        assertThat(server.request("DELETE", "/api/schedule?schedule_id=" + id, m.bearer(), null).statusCode()).isEqualTo(404);
    }

    @Test
    void onlyTheSchedulePermissionOrAMasterChangesSchedulesButEveryoneLists() {
        OptionServer.Master m = server.newSystem();
        String id = server.newSchedule(m, 60, 120);
        Map.Entry<String, Long> planner = server.newUser(m, "schedule");
        Map.Entry<String, Long> viewer = server.newUser(m, "delivery", "view", "user");
        HttpResponse<String> made = server.request("POST", "/api/schedule", planner.getKey(),
                scheduleBody("by planner", server.localIn(200), server.localIn(260)));
        assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
        assertThat(server.request("PATCH", "/api/schedule", planner.getKey(),
                "{\"schedule_id\":\"" + id + "\",\"name\":\"n\"}").statusCode()).isEqualTo(200);
        assertThat(json(server.request("GET", "/api/schedule", viewer.getKey(), null))).hasSize(2);
        for (HttpResponse<String> r : List.of(
                server.request("POST", "/api/schedule", viewer.getKey(),
                        scheduleBody("x", server.localIn(300), server.localIn(360))),
                server.request("PATCH", "/api/schedule", viewer.getKey(), "{\"schedule_id\":\"" + id + "\",\"name\":\"n\"}"),
                server.request("DELETE", "/api/schedule?schedule_id=" + id, viewer.getKey(), null))) {
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(errorCode(r)).isEqualTo("PERMISSION_DENIED");
        }
        assertThat(server.request("DELETE", "/api/schedule?schedule_id=" + id, planner.getKey(), null).statusCode())
                .isEqualTo(200);
    }

    @Test
    void anotherSystemsSchedulesAnswerAsUnknownOnes() {
        OptionServer.Master a = server.newSystem();
        OptionServer.Master b = server.newSystem();
        String theirs = server.newSchedule(b, 60, 120);
        assertThat(json(server.request("GET", "/api/schedule", a.bearer(), null))).isEmpty();
        for (HttpResponse<String> r : List.of(
                server.request("PATCH", "/api/schedule", a.bearer(), "{\"schedule_id\":\"" + theirs + "\",\"name\":\"x\"}"),
                server.request("DELETE", "/api/schedule?schedule_id=" + theirs, a.bearer(), null),
                server.request("GET", "/api/delivery?schedule_id=" + theirs, a.bearer(), null),
                server.request("GET", "/api/view?schedule_id=" + theirs, a.bearer(), null),
                server.request("GET", "/api/chat?schedule_id=" + theirs, a.bearer(), null),
                server.request("POST", "/api/chat", a.bearer(), "{\"schedule_id\":\"" + theirs + "\",\"body\":\"hi\"}"))) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(404);
            assertThat(errorCode(r)).isEqualTo("NOT_FOUND");
        }
    }
}
