package dev.hibiki.ricoh;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static dev.hibiki.ricoh.RicohServer.basic;
import static dev.hibiki.ricoh.RicohServer.form;
import static dev.hibiki.ricoh.RicohServer.json;
import static org.assertj.core.api.Assertions.assertThat;

/** POST /v1/token: the client credentials grant and RFC 6749's errors; the tokens' expiry and revocation. */
class OAuthTokenEndpointTest {

    @TempDir
    static Path dataDir;
    static RicohServer server;

    @BeforeAll
    static void start() {
        server = new RicohServer(dataDir, RicohSettings.DEFAULT);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void basicCredentialsGetABearerTokenThatExpiresInAnHourAndIsNotCached() {
        IssuedClient c = server.newClient(3);
        HttpResponse<String> r = server.postToken(basic(c), "grant_type=client_credentials");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").asLong()).isEqualTo(3600);
        assertThat(body.get("access_token").asText()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        HttpResponse<String> rooms = server.request("GET", "/v1/rooms", "Bearer " + body.get("access_token").asText(), null);
        assertThat(rooms.statusCode()).isEqualTo(200);
    }

    @Test
    void formFieldCredentialsWorkToo() {
        IssuedClient c = server.newClient(3);
        HttpResponse<String> r = server.postToken(null, form(Map.of("grant_type", "client_credentials",
                "client_id", c.client().id(), "client_secret", c.secret())));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("token_type").asText()).isEqualTo("Bearer");
    }

    @Test
    void aWrongSecretIsInvalidClientWith401AndAChallenge() {
        IssuedClient c = server.newClient(3);
        IssuedClient wrong = new IssuedClient(c.client(), c.secret() + "x");
        HttpResponse<String> r = server.postToken(basic(wrong), "grant_type=client_credentials");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(json(r).get("error").asText()).isEqualTo("invalid_client");
        assertThat(json(r).has("error_description")).isTrue();
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));

        HttpResponse<String> byForm = server.postToken(null, form(Map.of("grant_type", "client_credentials",
                "client_id", c.client().id(), "client_secret", "nope")));
        assertThat(byForm.statusCode()).isEqualTo(401);
        assertThat(json(byForm).get("error").asText()).isEqualTo("invalid_client");
    }

    @Test
    void noCredentialsIsInvalidClient() {
        HttpResponse<String> r = server.postToken(null, "grant_type=client_credentials");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(json(r).get("error").asText()).isEqualTo("invalid_client");
    }

    @Test
    void anotherGrantTypeIsUnsupportedAndAMissingOneIsAnInvalidRequest() {
        IssuedClient c = server.newClient(3);
        HttpResponse<String> password = server.postToken(basic(c), "grant_type=password&username=a&password=b");
        assertThat(password.statusCode()).isEqualTo(400);
        assertThat(json(password).get("error").asText()).isEqualTo("unsupported_grant_type");
        HttpResponse<String> missing = server.postToken(basic(c), "");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json(missing).get("error").asText()).isEqualTo("invalid_request");
    }

    @Test
    void twoAuthenticationMethodsAtOnceOrAJsonBodyAreInvalidRequests() {
        IssuedClient c = server.newClient(3);
        HttpResponse<String> both = server.postToken(basic(c), form(Map.of("grant_type", "client_credentials",
                "client_id", c.client().id(), "client_secret", c.secret())));
        assertThat(both.statusCode()).isEqualTo(400);
        assertThat(json(both).get("error").asText()).isEqualTo("invalid_request");
        HttpResponse<String> jsonBody = server.request("POST", "/v1/token", basic(c), "{\"grant_type\":\"client_credentials\"}");
        assertThat(jsonBody.statusCode()).isEqualTo(400);
        assertThat(json(jsonBody).get("error").asText()).isEqualTo("invalid_request");
    }

    @Test
    void anExpiredTokenIsRefusedWithAnRfc6750Challenge() {
        IssuedClient c = server.newClient(3);
        String bearer = server.bearer(c);
        server.clock.advance(Duration.ofSeconds(3601));
        HttpResponse<String> r = server.request("GET", "/v1/rooms", bearer, null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(json(r).get("error").get("code").asText()).isEqualTo("INVALID_TOKEN");
        assertThat(r.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer").contains("error=\"invalid_token\""));
        assertThat(server.request("GET", "/v1/rooms", server.bearer(c), null).statusCode()).isEqualTo(200);
    }

    @Test
    void aMissingOrUnknownTokenIsRefused() {
        HttpResponse<String> none = server.request("GET", "/v1/rooms", null, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(json(none).get("error").get("code").asText()).isEqualTo("MISSING_TOKEN");
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        HttpResponse<String> unknown = server.request("GET", "/v1/rooms", "Bearer made-up", null);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(json(unknown).get("error").get("code").asText()).isEqualTo("INVALID_TOKEN");
    }

    @Test
    void aRevokedClientGetsNoTokenAndItsTokensAndCredentialsStopWorking() {
        IssuedClient c = server.newClient(3);
        String bearer = server.bearer(c);
        assertThat(server.ricoh.clients().revoke(c.client().id())).isTrue();
        assertThat(server.request("GET", "/v1/rooms", bearer, null).statusCode()).isEqualTo(401);
        assertThat(server.request("GET", "/v1/rooms", basic(c), null).statusCode()).isEqualTo(401);
        HttpResponse<String> token = server.postToken(basic(c), "grant_type=client_credentials");
        assertThat(token.statusCode()).isEqualTo(401);
        assertThat(json(token).get("error").asText()).isEqualTo("invalid_client");
        assertThat(server.ricoh.clients().list()).anySatisfy(listed -> {
            assertThat(listed.id()).isEqualTo(c.client().id());
            assertThat(listed.revokedAt()).isNotNull();
        });
        assertThat(server.ricoh.clients().revoke("no-such-client")).isFalse();
    }
}
