package dev.hibiki.platform.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** The raw value of every known key, with typed readers whose errors name the key as the user wrote it. */
public final class ConfigValues {

    /** A raw value and the name under which the user gave it, for error messages. */
    record Raw(String value, String origin) {
    }

    private final Map<Setting, Raw> values;

    ConfigValues(Map<Setting, Raw> values) {
        this.values = Map.copyOf(values);
    }

    private Raw raw(Setting s) {
        Raw raw = values.get(s);
        if (raw == null) throw new IllegalArgumentException("setting " + s.yamlKey() + " was not loaded");
        return raw;
    }

    /** The value, trimmed. */
    public String text(Setting s) {
        return raw(s).value().trim();
    }

    /** The value exactly as given (for passwords, whose spaces count). */
    public String verbatim(Setting s) {
        return raw(s).value();
    }

    public int integer(Setting s, int min, int max) {
        String v = text(s);
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException ignored) {
            // reported below with the allowed range
        }
        throw invalid(s, "must be an integer from " + min + " to " + max);
    }

    public boolean bool(Setting s) {
        String v = text(s).toLowerCase(Locale.ROOT);
        if (v.equals("true")) return true;
        if (v.equals("false")) return false;
        throw invalid(s, "must be true or false");
    }

    public Path path(Setting s) {
        String v = text(s);
        if (v.isEmpty()) throw invalid(s, "must be a directory path");
        try {
            return Path.of(v);
        } catch (InvalidPathException e) {
            throw invalid(s, "is not a valid path");
        }
    }

    /** An error that names where the value came from, and shows it unless the key is secret. */
    public ConfigException invalid(Setting s, String why) {
        Raw raw = raw(s);
        String shown = s.secret() ? "" : "=\"" + raw.value() + "\"";
        return new ConfigException("invalid configuration: " + raw.origin() + shown + " " + why);
    }
}
