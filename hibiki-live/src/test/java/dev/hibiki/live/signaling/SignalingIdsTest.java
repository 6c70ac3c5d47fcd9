package dev.hibiki.live.signaling;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link SignalingIds}: Sora's connection and session ids, a UUIDv4 in Crockford base32. */
class SignalingIdsTest {

    private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /** The 128-bit value an id encodes. */
    private static BigInteger decode(String id) {
        BigInteger v = BigInteger.ZERO;
        for (char c : id.toCharArray()) {
            int digit = ALPHABET.indexOf(c);
            assertThat(digit).as("character %s of %s", c, id).isNotNegative();
            v = v.shiftLeft(5).or(BigInteger.valueOf(digit));
        }
        return v;
    }

    @Test
    void formatIs26CrockfordBase32UpperCaseCharacters() {
        for (int i = 0; i < 1000; i++) {
            String id = SignalingIds.next();
            assertThat(id).hasSize(26).matches("[0-9A-HJKMNP-TV-Z]{26}");
            assertThat(id).doesNotContain("I", "L", "O", "U");
            // 26 digits hold 130 bits; the top two are zero, so the first digit is 0-7
            assertThat(id.charAt(0)).isBetween('0', '7');
        }
    }

    @Test
    void encodesAVersion4VariantOneUuid() {
        for (int i = 0; i < 1000; i++) {
            BigInteger v = decode(SignalingIds.next());
            assertThat(v.bitLength()).isLessThanOrEqualTo(128);
            long hi = v.shiftRight(64).longValue();
            long lo = v.longValue();
            UUID uuid = new UUID(hi, lo);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2); // RFC 4122 / 9562 (IETF) variant
        }
    }

    @Test
    void tenThousandIdsAreUnique() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) assertThat(seen.add(SignalingIds.next())).isTrue();
        assertThat(seen).hasSize(10_000);
    }

    @Test
    void everyDigitPositionVaries() {
        // a broken shift would pin some positions to one character; the digit holding the version nibble has only
        // one random bit (two values)
        Set<Character>[] perPosition = new Set[26];
        for (int p = 0; p < 26; p++) perPosition[p] = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            String id = SignalingIds.next();
            for (int p = 0; p < 26; p++) perPosition[p].add(id.charAt(p));
        }
        for (int p = 1; p < 26; p++) {
            assertThat(perPosition[p]).as("position %d", p).hasSizeGreaterThanOrEqualTo(2);
        }
    }
}
