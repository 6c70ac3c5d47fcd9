package dev.hibiki.platform.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void hashesAreArgon2idPhcStringsThatVerifyOnlyTheirPassword() {
        String phc = hasher.hash("Password123");
        assertThat(phc).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(hasher.verify("Password123", phc)).isTrue();
        assertThat(hasher.verify("Password124", phc)).isFalse();
        assertThat(hasher.verify("", phc)).isFalse();
        assertThat(hasher.needsRehash(phc)).isFalse();
    }

    @Test
    void theSamePasswordGetsADifferentSaltEachTime() {
        assertThat(hasher.hash("パスワード12345")).isNotEqualTo(hasher.hash("パスワード12345"));
    }

    @Test
    void matchesTheRfc9106StyleReferenceOfOtherImplementations() {
        // The argon2 reference command line's own example (`echo -n password | argon2 somesalt -id -t 2 -m 16 -p 1`).
        String reference = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
        assertThat(hasher.verify("password", reference)).isTrue();
        assertThat(hasher.verify("passwore", reference)).isFalse();
        assertThat(hasher.needsRehash(reference)).isTrue();
    }

    @Test
    void malformedOrTooCostlyHashesNeverMatch() {
        String phc = hasher.hash("Password123");
        assertThat(hasher.verify("Password123", phc.replace("argon2id", "argon2i"))).isFalse();
        assertThat(hasher.verify("Password123", phc.substring(0, phc.length() - 2))).isFalse();
        assertThat(hasher.verify("Password123", phc.replace("m=19456", "m=99999999"))).isFalse();
        assertThat(hasher.verify("Password123", "not a hash")).isFalse();
        assertThat(hasher.verify(null, phc)).isFalse();
    }

    @Test
    void cheaperParametersStillVerifyAndAreReportedForRehash() {
        PasswordHasher cheap = new PasswordHasher(new PasswordHasher.Parameters(64, 1, 1));
        String phc = cheap.hash("Password123");
        assertThat(hasher.verify("Password123", phc)).isTrue();
        assertThat(hasher.needsRehash(phc)).isTrue();
    }

    @Test
    void overlongPasswordsAreRefused() {
        assertThatThrownBy(() -> hasher.hash("x".repeat(1025))).isInstanceOf(IllegalArgumentException.class);
        assertThat(hasher.verify("x".repeat(1025), hasher.hash("x".repeat(1024)))).isFalse();
    }
}
