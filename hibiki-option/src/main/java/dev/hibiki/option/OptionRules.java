package dev.hibiki.option;

import java.util.Locale;
import java.util.regex.Pattern;

/** The document's value rules, shared by the API and {@code hibiki option init}; each failure says what to send. */
final class OptionRules {

    static final int MAX_NAME = 30;
    static final int MIN_PASSWORD = 8;
    static final int MAX_PASSWORD = 128;
    static final int MIN_ACCESS_CODE = 8;
    static final int MAX_ACCESS_CODE = 64;
    static final int MAX_EMAIL = 254;
    static final int MAX_CHAT = 50;
    /** One @, something on each side, a dot in the domain, no spaces: the checks a typo fails. */
    private static final Pattern EMAIL = Pattern.compile("[^\\s@]+@[^\\s@.]+(\\.[^\\s@.]+)+");
    private static final Pattern ACCESS_CODE = Pattern.compile("[\\x21-\\x7e]+");

    private OptionRules() {
    }

    /** 1 to {@code max} characters (code points), none of them control characters; surrounding spaces removed. */
    static String text(String field, String value, int max) {
        String v = value == null ? "" : value.strip();
        int length = v.codePointCount(0, v.length());
        if (length == 0 || length > max || v.codePoints().anyMatch(Character::isISOControl)) {
            throw OptionException.invalid(field + " must be 1 to " + max + " characters without control characters"
                    + " (got " + length + ")");
        }
        return v;
    }

    static String name(String value) {
        return text("name", value, MAX_NAME);
    }

    /** Lower-cased, so that one address is one user whatever its spelling. */
    static String email(String value) {
        String v = value == null ? "" : value.strip();
        if (v.length() > MAX_EMAIL || !EMAIL.matcher(v).matches()) {
            throw OptionException.invalid("email must be an email address such as imageflux@example.com");
        }
        return v.toLowerCase(Locale.ROOT);
    }

    /** Kept exactly as typed: spaces in a password count. */
    static String password(String value) {
        int length = value == null ? 0 : value.codePointCount(0, value.length());
        if (length < MIN_PASSWORD || length > MAX_PASSWORD) {
            throw OptionException.invalid("password must be " + MIN_PASSWORD + " to " + MAX_PASSWORD
                    + " characters (got " + length + ")");
        }
        return value;
    }

    static String accessCode(String value) {
        String v = value == null ? "" : value;
        if (v.length() < MIN_ACCESS_CODE || v.length() > MAX_ACCESS_CODE || !ACCESS_CODE.matcher(v).matches()) {
            throw OptionException.invalid("access_code must be " + MIN_ACCESS_CODE + " to " + MAX_ACCESS_CODE
                    + " visible ASCII characters (letters, digits, symbols; no spaces)");
        }
        return v;
    }
}
