package dev.hibiki.platform.token;

import dev.hibiki.server.testing.Schema;
import dev.hibiki.platform.config.DatabaseSettings;
import dev.hibiki.platform.persistence.Database;
import dev.hibiki.server.testing.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class TokenServiceTest {

    @TempDir
    Path dir;

    private DatabaseSettings settings(String db) {
        return db.equals("h2") ? TestDatabases.h2(dir) : TestDatabases.freshPostgres();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void lifecycle(String db) {
        try (Database database = Database.open(settings(db), dir, Schema.ALL)) {
            TokenService tokens = new TokenService(database.jdbi());
            IssuedToken issued = tokens.create("  ci  ");
            assertThat(issued.secret()).matches("hbk_[A-Za-z0-9_-]{43}");
            assertThat(issued.token().name()).isEqualTo("ci");
            assertThat(issued.toString()).doesNotContain(issued.secret());
            assertThat(tokens.authenticate(issued.secret())).contains(issued.token().id());
            assertThat(tokens.authenticate(issued.secret() + "x")).isEmpty();
            assertThat(tokens.authenticate(null)).isEmpty();

            // Only the hash is stored.
            List<String> stored = database.jdbi().withHandle(h -> h.createQuery("SELECT token_hash FROM access_tokens")
                    .mapTo(String.class).list());
            assertThat(stored).doesNotContain(issued.secret()).contains(TokenService.hash(issued.secret()));

            assertThat(tokens.revoke(issued.token().id())).isTrue();
            assertThat(tokens.revoke(issued.token().id())).as("revoking twice is fine").isTrue();
            assertThat(tokens.revoke("tok_unknown")).isFalse();
            assertThat(tokens.authenticate(issued.secret())).isEmpty();
            assertThat(tokens.list()).singleElement().satisfies(t -> assertThat(t.revoked()).isTrue());

            assertThatThrownBy(() -> tokens.create("")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> tokens.create("a\nb")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @org.junit.jupiter.api.Test
    void aRevocationByAnotherProcessAppliesOnceTheCachedLookupExpires() {
        try (Database database = Database.open(settings("h2"), dir, Schema.ALL)) {
            TokenService server = new TokenService(database.jdbi(), Duration.ofMillis(300));
            TokenService cli = new TokenService(database.jdbi()); // stands for `hibiki token revoke` elsewhere
            IssuedToken issued = cli.create("ci");
            assertThat(server.authenticate(issued.secret())).contains(issued.token().id());

            assertThat(cli.revoke(issued.token().id())).isTrue();
            await().atMost(Duration.ofSeconds(2)).until(() -> server.authenticate(issued.secret()).isEmpty());
            assertThat(server.authenticate(issued.secret())).as("stays refused").isEmpty();

            IssuedToken fresh = cli.create("new");
            assertThat(server.authenticate(fresh.secret())).as("a new token works at once: no negative caching")
                    .contains(fresh.token().id());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void theInitialTokenIsIssuedOnceEver(String db) {
        DatabaseSettings s = settings(db);
        try (Database database = Database.open(s, dir, Schema.ALL)) {
            TokenService tokens = new TokenService(database.jdbi());
            IssuedToken first = tokens.issueInitialToken().orElseThrow();
            assertThat(first.token().name()).isEqualTo("initial");
            assertThat(tokens.issueInitialToken()).isEmpty();
            tokens.revoke(first.token().id());
            assertThat(tokens.issueInitialToken()).as("not even after it was revoked").isEmpty();
        }
        try (Database reopened = Database.open(s, dir, Schema.ALL)) {
            assertThat(new TokenService(reopened.jdbi()).issueInitialToken()).isEmpty();
        }
    }
}
