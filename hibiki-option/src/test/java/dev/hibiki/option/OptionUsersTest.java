package dev.hibiki.option;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.hibiki.option.OptionServer.errorCode;
import static dev.hibiki.option.OptionServer.json;
import static org.assertj.core.api.Assertions.assertThat;

/** /api/user, PATCH /api/password and PATCH /api/access-code: permissions, rules and token revocation. */
class OptionUsersTest extends OptionApiTest {

    private JsonNode user(OptionServer.Master m, long id) {
        for (JsonNode u : json(server.request("GET", "/api/user", m.bearer(), null))) {
            if (u.get("user_id").asLong() == id) return u;
        }
        return null;
    }

    @Test
    void aUserIsCreatedListedEditedAndDeleted() {
        OptionServer.Master m = server.newSystem();
        HttpResponse<String> created = server.request("POST", "/api/user", m.bearer(), """
                {"name":"テスト","email":"Test@Example.jp","password":"Password123","delivery":true,"view":true,
                 "schedule":false,"user":false}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(json(created).get("ok").asBoolean()).isTrue();
        long id = json(created).get("user_id").asLong();

        HttpResponse<String> listed = server.request("GET", "/api/user", m.bearer(), null);
        assertThat(listed.statusCode()).isEqualTo(200);
        JsonNode all = json(listed);
        assertThat(all).hasSize(2);
        JsonNode master = all.get(0);
        assertThat(master.get("is_master").asBoolean()).isTrue();
        assertThat(master.get("permissions").toString()).isEqualTo("{\"delivery\":1,\"view\":1,\"schedule\":1,\"user\":1}");
        JsonNode u = all.get(1);
        assertThat(u.get("user_id").asLong()).isEqualTo(id);
        assertThat(u.get("name").asText()).isEqualTo("テスト");
        assertThat(u.get("email").asText()).isEqualTo("test@example.jp");
        assertThat(u.get("is_master").asBoolean()).isFalse();
        assertThat(u.get("created_datetime").asText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
        assertThat(u.get("permissions").toString()).isEqualTo("{\"delivery\":1,\"view\":1,\"schedule\":0,\"user\":0}");
        assertThat(u.has("password")).isFalse();
        assertThat(listed.body()).doesNotContain("argon2");

        HttpResponse<String> edited = server.request("PATCH", "/api/user", m.bearer(),
                "{\"user_id\":" + id + ",\"name\":\"renamed\",\"delivery\":false,\"schedule\":1}");
        assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
        assertThat(json(edited).toString()).isEqualTo("{\"ok\":true}");
        JsonNode after = user(m, id);
        assertThat(after.get("name").asText()).isEqualTo("renamed");
        assertThat(after.get("permissions").toString()).isEqualTo("{\"delivery\":0,\"view\":1,\"schedule\":1,\"user\":0}");

        HttpResponse<String> deleted = server.request("DELETE", "/api/user?user_id=" + id, m.bearer(), null);
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        assertThat(user(m, id)).isNull();
        HttpResponse<String> again = server.request("DELETE", "/api/user", m.bearer(), "{\"user_id\":" + id + "}");
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(errorCode(again)).isEqualTo("NOT_FOUND");
    }

    @Test
    void onlyTheUserPermissionOrAMasterManagesUsers() {
        OptionServer.Master m = server.newSystem();
        Map.Entry<String, Long> manager = server.newUser(m, "user");
        Map.Entry<String, Long> other = server.newUser(m, "delivery", "view", "schedule");
        assertThat(server.request("GET", "/api/user", manager.getKey(), null).statusCode()).isEqualTo(200);
        HttpResponse<String> created = server.request("POST", "/api/user", manager.getKey(),
                "{\"name\":\"x\",\"email\":\"made-by-manager" + m.systemId() + "@example.com\",\"password\":\"Password123\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(server.request("PATCH", "/api/user", manager.getKey(),
                "{\"user_id\":" + other.getValue() + ",\"view\":false}").statusCode()).isEqualTo(200);

        for (HttpResponse<String> r : List.of(
                server.request("GET", "/api/user", other.getKey(), null),
                server.request("POST", "/api/user", other.getKey(),
                        "{\"name\":\"x\",\"email\":\"y@example.com\",\"password\":\"Password123\"}"),
                server.request("PATCH", "/api/user", other.getKey(), "{\"user_id\":" + manager.getValue() + ",\"name\":\"n\"}"),
                server.request("DELETE", "/api/user?user_id=" + manager.getValue(), other.getKey(), null))) {
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(errorCode(r)).isEqualTo("PERMISSION_DENIED");
        }
    }

    @Test
    void aUserManagerWhoIsNotMasterCannotTouchOrMakeMasters() {
        OptionServer.Master m = server.newSystem();
        Map.Entry<String, Long> manager = server.newUser(m, "user");
        List<HttpResponse<String>> refused = new ArrayList<>();
        refused.add(server.request("POST", "/api/user", manager.getKey(),
                "{\"name\":\"x\",\"email\":\"new-master" + m.systemId() + "@example.com\",\"password\":\"Password123\",\"is_master\":true}"));
        refused.add(server.request("PATCH", "/api/user", manager.getKey(), "{\"user_id\":" + m.userId() + ",\"name\":\"n\"}"));
        refused.add(server.request("PATCH", "/api/user", manager.getKey(),
                "{\"user_id\":" + manager.getValue() + ",\"is_master\":true}"));
        refused.add(server.request("DELETE", "/api/user?user_id=" + m.userId(), manager.getKey(), null));
        for (HttpResponse<String> r : refused) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
            assertThat(errorCode(r)).isEqualTo("PERMISSION_DENIED");
        }
    }

    @Test
    void theLastMasterCanNeitherBeDeletedNorLoseMaster() {
        OptionServer.Master m = server.newSystem();
        HttpResponse<String> delete = server.request("DELETE", "/api/user?user_id=" + m.userId(), m.bearer(), null);
        assertThat(delete.statusCode()).isEqualTo(409);
        assertThat(errorCode(delete)).isEqualTo("CONFLICT");
        assertThat(json(delete).get("error").get("message").asText()).contains("last master");
        HttpResponse<String> demote = server.request("PATCH", "/api/user", m.bearer(),
                "{\"user_id\":" + m.userId() + ",\"is_master\":false}");
        assertThat(demote.statusCode()).isEqualTo(409);

        Map.Entry<String, Long> second = server.newUser(m, "is_master");
        assertThat(user(m, second.getValue()).get("is_master").asBoolean()).isTrue();
        assertThat(server.request("PATCH", "/api/user", m.bearer(),
                "{\"user_id\":" + m.userId() + ",\"is_master\":false}").statusCode()).isEqualTo(200);
        HttpResponse<String> lastNow = server.request("DELETE", "/api/user?user_id=" + second.getValue(), second.getKey(), null);
        assertThat(lastNow.statusCode()).isEqualTo(409);
    }

    @Test
    void anEmailIsUniqueWithinASystemButNotAcrossSystems() {
        OptionServer.Master a = server.newSystem();
        OptionServer.Master b = server.newSystem();
        String body = "{\"name\":\"x\",\"email\":\"same@example.com\",\"password\":\"Password123\"}";
        assertThat(server.request("POST", "/api/user", a.bearer(), body).statusCode()).isEqualTo(200);
        HttpResponse<String> dup = server.request("POST", "/api/user", a.bearer(), body.replace("same@", "SAME@"));
        assertThat(dup.statusCode()).isEqualTo(409);
        assertThat(errorCode(dup)).isEqualTo("CONFLICT");
        assertThat(server.request("POST", "/api/user", b.bearer(), body).statusCode()).isEqualTo(200);
        HttpResponse<String> toTaken = server.request("PATCH", "/api/user", a.bearer(),
                "{\"user_id\":" + a.userId() + ",\"email\":\"same@example.com\"}");
        assertThat(toTaken.statusCode()).isEqualTo(409);
    }

    @Test
    void everyFieldRuleIsCheckedWithAMessageNamingTheField() {
        OptionServer.Master m = server.newSystem();
        Map<String, String> bad = Map.of(
                "{\"name\":\"\",\"email\":\"a@example.com\",\"password\":\"Password123\"}", "name",
                "{\"name\":\"" + "x".repeat(31) + "\",\"email\":\"a@example.com\",\"password\":\"Password123\"}", "name",
                "{\"name\":\"x\",\"email\":\"not-an-email\",\"password\":\"Password123\"}", "email",
                "{\"name\":\"x\",\"email\":\"a@example.com\",\"password\":\"Pass123\"}", "password",
                "{\"name\":\"x\",\"email\":\"a@example.com\",\"password\":\"Password123\",\"view\":\"maybe\"}", "view",
                "{\"name\":1,\"email\":\"a@example.com\",\"password\":\"Password123\"}", "name");
        bad.forEach((body, field) -> {
            HttpResponse<String> r = server.request("POST", "/api/user", m.bearer(), body);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(errorCode(r)).isEqualTo("INVALID_PARAMETER");
            assertThat(json(r).get("error").get("message").asText()).as(body).startsWith(field);
        });
        HttpResponse<String> missing = server.request("POST", "/api/user", m.bearer(), "{\"name\":\"x\"}");
        assertThat(errorCode(missing)).isEqualTo("MISSING_PARAMETER");
        assertThat(server.request("POST", "/api/user", m.bearer(),
                "{\"name\":\"" + "あ".repeat(30) + "\",\"email\":\"thirty@example.com\",\"password\":\"12345678\"}")
                .statusCode()).isEqualTo(200);
        HttpResponse<String> badId = server.request("PATCH", "/api/user", m.bearer(), "{\"user_id\":\"abc\"}");
        assertThat(badId.statusCode()).isEqualTo(400);
    }

    @Test
    void anotherSystemsUsersAnswerAsUnknownOnes() {
        OptionServer.Master a = server.newSystem();
        OptionServer.Master b = server.newSystem();
        for (HttpResponse<String> r : List.of(
                server.request("PATCH", "/api/user", a.bearer(), "{\"user_id\":" + b.userId() + ",\"name\":\"x\"}"),
                server.request("DELETE", "/api/user?user_id=" + b.userId(), a.bearer(), null),
                server.request("DELETE", "/api/user?user_id=999999999", a.bearer(), null))) {
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(errorCode(r)).isEqualTo("NOT_FOUND");
        }
        assertThat(json(server.request("GET", "/api/user", a.bearer(), null))).hasSize(1);
    }

    @Test
    void deletingAUserRevokesTheirTokens() {
        OptionServer.Master m = server.newSystem();
        Map.Entry<String, Long> u = server.newUser(m, "view");
        assertThat(server.request("GET", "/api/schedule", u.getKey(), null).statusCode()).isEqualTo(200);
        assertThat(server.request("DELETE", "/api/user?user_id=" + u.getValue(), m.bearer(), null).statusCode()).isEqualTo(200);
        HttpResponse<String> r = server.request("GET", "/api/schedule", u.getKey(), null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(errorCode(r)).isEqualTo("INVALID_TOKEN");
    }

    @Test
    void aPasswordSetByAManagerRevokesTheUsersTokens() {
        OptionServer.Master m = server.newSystem();
        Map.Entry<String, Long> u = server.newUser(m, "view");
        assertThat(server.request("PATCH", "/api/user", m.bearer(),
                "{\"user_id\":" + u.getValue() + ",\"password\":\"NewPassword1\"}").statusCode()).isEqualTo(200);
        assertThat(server.request("GET", "/api/schedule", u.getKey(), null).statusCode()).isEqualTo(401);
        assertThat(server.request("GET", "/api/schedule", m.bearer(), null).statusCode()).isEqualTo(200);
    }

    @Test
    void changingTheOwnPasswordRevokesEveryTokenOfTheUserAndAnswersAFreshOne() {
        OptionServer.Master m = server.newSystem();
        Map.Entry<String, Long> u = server.newUser(m, "view");
        JsonNode users = json(server.request("GET", "/api/user", m.bearer(), null));
        String email = users.get(1).get("email").asText();
        String secondToken = "Bearer " + server.login(email, "Password123", m.accessCode());
        HttpResponse<String> tooShort = server.request("PATCH", "/api/password", u.getKey(), "{\"password\":\"short\"}");
        assertThat(tooShort.statusCode()).isEqualTo(400);
        HttpResponse<String> changed = server.request("PATCH", "/api/password", u.getKey(), "{\"password\":\"NewPassword1\"}");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(json(changed).get("ok").asBoolean()).isTrue();
        String fresh = "Bearer " + json(changed).get("token").asText();
        assertThat(server.request("GET", "/api/schedule", u.getKey(), null).statusCode()).isEqualTo(401);
        assertThat(server.request("GET", "/api/schedule", secondToken, null).statusCode()).isEqualTo(401);
        assertThat(server.request("GET", "/api/schedule", fresh, null).statusCode()).isEqualTo(200);
        assertThat(server.postLogin(email, "Password123", m.accessCode(), OptionServer.nextAddress()).statusCode()).isEqualTo(401);
        server.login(email, "NewPassword1", m.accessCode());
    }

    @Test
    void changingTheAccessCodeIsForMastersAndRevokesTheWholeSystemsTokens() {
        OptionServer.Master m = server.newSystem();
        OptionServer.Master other = server.newSystem();
        Map.Entry<String, Long> manager = server.newUser(m, "user", "schedule", "delivery", "view");
        HttpResponse<String> refused = server.request("PATCH", "/api/access-code", manager.getKey(),
                "{\"access_code\":\"0987654321\"}");
        assertThat(refused.statusCode()).isEqualTo(403);
        HttpResponse<String> weak = server.request("PATCH", "/api/access-code", m.bearer(), "{\"access_code\":\"123\"}");
        assertThat(weak.statusCode()).isEqualTo(400);
        assertThat(json(weak).get("error").get("message").asText()).startsWith("access_code");

        HttpResponse<String> changed = server.request("PATCH", "/api/access-code", m.bearer(), "{\"access_code\":\"0987654321\"}");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(server.request("GET", "/api/schedule", m.bearer(), null).statusCode()).isEqualTo(401);
        assertThat(server.request("GET", "/api/schedule", manager.getKey(), null).statusCode()).isEqualTo(401);
        assertThat(server.request("GET", "/api/schedule", "Bearer " + json(changed).get("token").asText(), null)
                .statusCode()).isEqualTo(200);
        assertThat(server.request("GET", "/api/schedule", other.bearer(), null).statusCode()).isEqualTo(200);
        assertThat(server.postLogin(m.email(), m.password(), m.accessCode(), OptionServer.nextAddress()).statusCode())
                .isEqualTo(401);
        server.login(m.email(), m.password(), "0987654321");
    }
}
