package dev.hibiki.platform.persistence;

import dev.hibiki.platform.config.ConfigException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Credentials of the embedded H2 database. H2's AUTO_SERVER mode listens on a local TCP port so that the CLI can
 * reach the database while the server holds it; a random password keeps other local users out of that port.
 * The password lives in the data directory, readable by its owner only.
 */
record EmbeddedCredentials(String user, String password) {

    private static final String FILE_NAME = "h2-password";

    static EmbeddedCredentials loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (!Files.exists(file)) {
                byte[] secret = new byte[24];
                new SecureRandom().nextBytes(secret);
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(file, HexFormat.of().formatHex(secret) + "\n");
                } catch (FileAlreadyExistsException raced) {
                    // another process created it first; read theirs
                }
            }
            String password = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (password.isEmpty()) {
                throw new ConfigException("invalid state: " + file + " is empty; restore it or remove the data directory");
            }
            return new EmbeddedCredentials("hibiki", password);
        } catch (IOException e) {
            throw new ConfigException("cannot read or create " + file + ": " + e.getMessage());
        }
    }
}
