package dev.hibiki.platform.config;

/** Invalid configuration. The message is one line that names the offending key as the user wrote it. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
