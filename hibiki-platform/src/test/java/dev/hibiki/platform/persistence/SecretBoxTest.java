package dev.hibiki.platform.persistence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretBoxTest {

    @TempDir
    Path dir;

    private static SecretBox box(int fill) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) fill);
        return SecretBox.of(key);
    }

    @Test
    void aSealedSecretOpensOnlyWithItsKeyAndForItsRow() {
        byte[] secret = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        String sealed = box(1).seal(secret, "hls_encrypt_keys:KID1");
        assertThat(sealed).startsWith("v1:").doesNotContain("0123456789abcdef");
        assertThat(SecretBox.isSealed(sealed)).isTrue();
        assertThat(box(1).open(sealed, "hls_encrypt_keys:KID1")).isEqualTo(secret);
        assertThat(box(1).seal(secret, "hls_encrypt_keys:KID1")).as("a fresh nonce each time").isNotEqualTo(sealed);
        assertThatThrownBy(() -> box(1).open(sealed, "hls_encrypt_keys:KID2")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> box(2).open(sealed, "hls_encrypt_keys:KID1")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("HIBIKI_SECRET_KEY");
    }

    @Test
    void withoutAConfiguredKeyOneIsGeneratedIntoTheDataDirectoryForItsOwnerOnly() throws Exception {
        SecretBox first = SecretBox.load("", dir);
        Path file = dir.resolve(SecretBox.KEY_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String sealed = first.seal(new byte[]{7}, "c");
        assertThat(SecretBox.load(null, dir).open(sealed, "c")).as("the same key next start").containsExactly(7);
    }

    @Test
    void aConfiguredKeyWinsOverTheFile() {
        byte[] key = new byte[32];
        key[0] = 42;
        String configured = Base64.getEncoder().encodeToString(key);
        String sealed = SecretBox.load(configured, dir).seal(new byte[]{1, 2}, "c");
        assertThat(SecretBox.of(key).open(sealed, "c")).containsExactly(1, 2);
        assertThat(dir.resolve(SecretBox.KEY_FILE)).doesNotExist();
    }
}
