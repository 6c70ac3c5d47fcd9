package dev.hibiki.option;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

import static dev.hibiki.option.OptionServer.errorCode;
import static dev.hibiki.option.OptionServer.json;
import static org.assertj.core.api.Assertions.assertThat;

/** POST /api/login, token expiry and the failed-login throttle. */
class OptionLoginTest extends OptionApiTest {

    @Test
    void aLoginAnswersATokenItsExpiryInTheDocumentsFormatAndTheUser() {
        OptionServer.Master m = server.newSystem();
        HttpResponse<String> r = server.postLogin(m.email(), m.password(), m.accessCode(), OptionServer.nextAddress());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.get("ok").asBoolean()).isTrue();
        assertThat(body.get("token").asText()).matches("[A-Za-z0-9_-]{43}");
        assertThat(body.get("expires_at").asText()).matches("\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d")
                .isEqualTo(server.localIn(24 * 60).replace('-', '/'));
        assertThat(body.get("user").get("user_id").asLong()).isEqualTo(m.userId());
        assertThat(body.get("user").get("is_master").asBoolean()).isTrue();
        HttpResponse<String> users = server.request("GET", "/api/user", "Bearer " + body.get("token").asText(), null);
        assertThat(users.statusCode()).isEqualTo(200);
    }

    @Test
    void theEmailIsMatchedWhateverItsCase() {
        OptionServer.Master m = server.newSystem();
        HttpResponse<String> r = server.postLogin(m.email().toUpperCase(), m.password(), m.accessCode(),
                OptionServer.nextAddress());
        assertThat(r.statusCode()).isEqualTo(200);
    }

    @Test
    void aWrongPasswordAccessCodeOrEmailIsOneAndTheSameRefusal() {
        OptionServer.Master m = server.newSystem();
        OptionServer.Master other = server.newSystem();
        String address = OptionServer.nextAddress();
        for (HttpResponse<String> r : new HttpResponse[] {
                server.postLogin(m.email(), "Password124", m.accessCode(), address),
                server.postLogin(m.email(), m.password(), other.accessCode(), address),
                server.postLogin("nobody@example.com", m.password(), m.accessCode(), address)}) {
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(errorCode(r)).isEqualTo("INVALID_TOKEN");
            assertThat(json(r).get("error").get("message").asText()).isEqualTo("the email, password or access code is wrong");
        }
    }

    @Test
    void missingFieldsAreNamed() {
        HttpResponse<String> r = server.request("POST", "/api/login", null, "{\"email\":\"a@example.com\",\"password\":\"x\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(errorCode(r)).isEqualTo("MISSING_PARAMETER");
        assertThat(json(r).get("error").get("message").asText()).contains("access_code");
        HttpResponse<String> notJson = server.request("POST", "/api/login", null, "email=a");
        assertThat(errorCode(notJson)).isEqualTo("INVALID_JSON");
    }

    @Test
    void oneEmailInTwoSystemsLogsIntoTheSystemOfTheAccessCode() {
        OptionServer.Master a = server.newSystem();
        OptionServer.Master b = server.newSystem();
        String email = "shared" + System.nanoTime() + "@example.com";
        for (OptionServer.Master m : new OptionServer.Master[] {a, b}) {
            HttpResponse<String> r = server.request("POST", "/api/user", m.bearer(), "{\"name\":\"shared\",\"email\":\""
                    + email + "\",\"password\":\"Password-" + m.systemId() + "\",\"view\":true}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        String token = server.login(email, "Password-" + b.systemId(), b.accessCode());
        HttpResponse<String> schedules = server.request("GET", "/api/schedule", "Bearer " + token, null);
        assertThat(schedules.statusCode()).isEqualTo(200);
        server.newSchedule(b, 60, 120);
        assertThat(json(server.request("GET", "/api/schedule", "Bearer " + token, null))).hasSize(1);
        assertThat(server.postLogin(email, "Password-" + b.systemId(), a.accessCode(), OptionServer.nextAddress())
                .statusCode()).isEqualTo(401);
    }

    @Test
    void aTokenExpiresAfterItsLifetime() {
        OptionServer.Master m = server.newSystem();
        assertThat(server.request("GET", "/api/schedule", m.bearer(), null).statusCode()).isEqualTo(200);
        server.clock.advance(Duration.ofHours(24).plusSeconds(1));
        try {
            HttpResponse<String> r = server.request("GET", "/api/schedule", m.bearer(), null);
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(errorCode(r)).isEqualTo("INVALID_TOKEN");
            assertThat(r.headers().firstValue("WWW-Authenticate")).isPresent();
        } finally {
            server.clock.advance(Duration.ofHours(24).plusSeconds(1).negated());
        }
    }

    @Test
    void requestsWithoutOrWithABadTokenAreRefused() {
        HttpResponse<String> none = server.request("GET", "/api/user", null, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(errorCode(none)).isEqualTo("MISSING_TOKEN");
        HttpResponse<String> basic = server.request("GET", "/api/user", "Basic eDp5", null);
        assertThat(errorCode(basic)).isEqualTo("MISSING_TOKEN");
        HttpResponse<String> wrong = server.request("GET", "/api/user", "Bearer wrong", null);
        assertThat(errorCode(wrong)).isEqualTo("INVALID_TOKEN");
    }

    @Test
    void failedLoginsForOneEmailAreThrottledEvenFromManyAddresses() {
        OptionServer.Master m = server.newSystem();
        for (int i = 0; i < LoginThrottle.MAX_FAILURES_PER_EMAIL; i++) {
            assertThat(server.postLogin(m.email(), "wrong password", m.accessCode(), OptionServer.nextAddress())
                    .statusCode()).isEqualTo(401);
        }
        HttpResponse<String> throttled = server.postLogin(m.email(), m.password(), m.accessCode(), OptionServer.nextAddress());
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(errorCode(throttled)).isEqualTo("TOO_MANY_REQUESTS");
        long retryAfter = Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, LoginThrottle.WINDOW.toSeconds());
        server.clock.advance(LoginThrottle.WINDOW);
        try {
            assertThat(server.postLogin(m.email(), m.password(), m.accessCode(), OptionServer.nextAddress())
                    .statusCode()).isEqualTo(200);
        } finally {
            server.clock.advance(LoginThrottle.WINDOW.negated());
        }
    }

    @Test
    void failedLoginsFromOneAddressAreThrottledAcrossEmails() {
        OptionServer.Master m = server.newSystem();
        String address = OptionServer.nextAddress();
        for (int i = 0; i < LoginThrottle.MAX_FAILURES_PER_ADDRESS; i++) {
            assertThat(server.postLogin("guess" + i + "@example.com", "wrong password", m.accessCode(), address)
                    .statusCode()).isEqualTo(401);
        }
        HttpResponse<String> throttled = server.postLogin(m.email(), m.password(), m.accessCode(), address);
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
        assertThat(server.postLogin(m.email(), m.password(), m.accessCode(), OptionServer.nextAddress()).statusCode())
                .isEqualTo(200);
    }
}
