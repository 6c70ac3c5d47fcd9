package dev.hibiki.platform.security;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Passwords chosen by people, hashed with Argon2id (RFC 9106) into the PHC string format
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} (unpadded base64), so that a stored hash names its own
 * parameters and stronger ones can be introduced without breaking old hashes. The defaults are OWASP's minimum for
 * Argon2id (19 MiB, 2 passes, 1 lane): about 30 ms per hash on a server core, which is what a login may cost.
 * Random 256-bit API secrets do not need this; a fast hash stores them safely.
 */
public final class PasswordHasher {

    /** The parameters of new hashes. */
    public record Parameters(int memoryKiB, int iterations, int parallelism) {
        public Parameters {
            if (memoryKiB < 8 * parallelism || iterations < 1 || parallelism < 1) {
                throw new IllegalArgumentException("Argon2 needs m >= 8*p, t >= 1, p >= 1");
            }
        }
    }

    public static final Parameters DEFAULT = new Parameters(19_456, 2, 1);

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    /** Limits what verifying a stored (or tampered) hash may cost. */
    private static final int MAX_MEMORY_KIB = 1 << 20;
    private static final int MAX_ITERATIONS = 16;
    private static final int MAX_PARALLELISM = 16;
    /** Longer inputs are refused before hashing: Argon2 reads every byte, and no one types more. */
    public static final int MAX_PASSWORD_BYTES = 1024;
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,8}),t=(\\d{1,3}),p=(\\d{1,3})\\$([A-Za-z0-9+/]{11,64})\\$([A-Za-z0-9+/]{22,128})");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final Parameters parameters;
    private final SecureRandom random = new SecureRandom();

    public PasswordHasher() {
        this(DEFAULT);
    }

    /** @param parameters of new hashes (tests use cheap ones); verifying reads each hash's own */
    public PasswordHasher(Parameters parameters) {
        this.parameters = parameters;
    }

    /** A new PHC string for the password, with a fresh random salt. */
    public String hash(String password) {
        byte[] pw = bytes(password);
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = argon2(pw, salt, parameters.memoryKiB(), parameters.iterations(), parameters.parallelism(), HASH_BYTES);
        return "$argon2id$v=19$m=" + parameters.memoryKiB() + ",t=" + parameters.iterations() + ",p="
                + parameters.parallelism() + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /**
     * Whether the password matches the stored PHC string, compared in constant time. A malformed hash, or one whose
     * parameters are beyond this class's limits, never matches.
     */
    public boolean verify(String password, String phc) {
        if (password == null || phc == null) return false;
        Matcher m = PHC.matcher(phc);
        if (!m.matches()) return false;
        int memory = Integer.parseInt(m.group(1));
        int iterations = Integer.parseInt(m.group(2));
        int parallelism = Integer.parseInt(m.group(3));
        if (memory > MAX_MEMORY_KIB || iterations < 1 || iterations > MAX_ITERATIONS || parallelism < 1
                || parallelism > MAX_PARALLELISM || memory < 8 * parallelism) {
            return false;
        }
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        if (pw.length > MAX_PASSWORD_BYTES) return false;
        byte[] salt;
        byte[] expected;
        try {
            salt = B64D.decode(m.group(4));
            expected = B64D.decode(m.group(5));
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] actual = argon2(pw, salt, memory, iterations, parallelism, expected.length);
        return MessageDigest.isEqual(actual, expected);
    }

    /** Whether a stored hash was made with other parameters than new hashes get, so it should be redone at login. */
    public boolean needsRehash(String phc) {
        Matcher m = phc == null ? null : PHC.matcher(phc);
        if (m == null || !m.matches()) return true;
        return Integer.parseInt(m.group(1)) != parameters.memoryKiB() || Integer.parseInt(m.group(2)) != parameters.iterations()
                || Integer.parseInt(m.group(3)) != parameters.parallelism();
    }

    private static byte[] bytes(String password) {
        if (password == null) throw new IllegalArgumentException("no password");
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        if (pw.length > MAX_PASSWORD_BYTES) {
            throw new IllegalArgumentException("a password may be at most " + MAX_PASSWORD_BYTES + " bytes");
        }
        return pw;
    }

    private static byte[] argon2(byte[] password, byte[] salt, int memoryKiB, int iterations, int parallelism, int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKiB).withIterations(iterations).withParallelism(parallelism)
                .withSalt(salt).build());
        byte[] out = new byte[length];
        generator.generateBytes(password, out);
        return out;
    }
}
