package dev.hibiki.platform.persistence;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Encrypts secrets that must be stored (HLS encryption keys; bucket credentials later) with the server key:
 * AES-256-GCM, a random 96-bit nonce each time, and the row the secret belongs to as associated data, so that a
 * sealed value copied into another row does not open. Sealed values are text: {@code v1:} + base64(nonce ‖ ciphertext
 * ‖ tag). A database dump (or a backup, or the world-readable H2 file of an old install) then holds nothing usable
 * without the key, which lives apart from it: {@code HIBIKI_SECRET_KEY}, or the file {@code data_dir/secret.key}.
 */
public final class SecretBox {
    public static final String KEY_FILE = "secret.key";
    private static final String PREFIX = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private SecretBox(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /** A box with this 32-byte key. */
    public static SecretBox of(byte[] key) {
        if (key.length != 32) throw new IllegalArgumentException("the server key must be 32 bytes");
        return new SecretBox(key.clone());
    }

    /**
     * The configured key (base64, from {@code HIBIKI_SECRET_KEY}) or, when none is, the key file in the data
     * directory, created (mode 600) on first use. Servers that share a PostgreSQL database must share the key.
     */
    public static SecretBox load(String configuredBase64, Path dataDir) {
        if (configuredBase64 != null && !configuredBase64.isBlank()) {
            return of(Base64.getDecoder().decode(configuredBase64.strip()));
        }
        Path file = dataDir.resolve(KEY_FILE);
        try {
            if (!Files.exists(file)) {
                byte[] fresh = new byte[32];
                RANDOM.nextBytes(fresh);
                try {
                    Files.writeString(Files.createFile(file, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------"))), Base64.getEncoder().encodeToString(fresh) + "\n");
                } catch (FileAlreadyExistsException raced) {
                    // another process (the CLI) made it first: use that one
                }
            }
            return of(Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the server key " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the server key file " + file + " is damaged: it must hold 32 bytes in base64", e);
        }
    }

    /** @param context what the secret belongs to (table and row), bound to the sealed value */
    public String seal(byte[] secret, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(secret);
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** True for a value {@link #seal} wrote (anything else is a plaintext secret from before sealing). */
    public static boolean isSealed(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    /** @throws IllegalStateException when the value was sealed with another key or for another context */
    public byte[] open(String sealed, String context) {
        if (!isSealed(sealed)) throw new IllegalArgumentException("not a sealed value");
        byte[] in = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalStateException("a stored secret does not open with this server key (HIBIKI_SECRET_KEY or "
                    + KEY_FILE + " changed?)", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }
}
