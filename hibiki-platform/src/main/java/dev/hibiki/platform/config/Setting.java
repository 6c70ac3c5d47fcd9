package dev.hibiki.platform.config;

/**
 * One configuration key, known under three names: its path in the YAML file, its environment variable and
 * its command-line flag. Precedence, lowest first: built-in default, YAML file, environment, flag. The module that
 * reads a key declares it (see {@link PlatformSettings}); the server hands the loader every module's keys.
 *
 * @param flag       the flag, or null when the key cannot be given on the command line
 * @param paramLabel the flag's value placeholder in {@code --help}
 * @param help       what the key does, for {@code --help}; the environment variable and default are appended
 * @param secret     the value must never appear in logs or error messages
 */
public record Setting(String yamlKey, String envName, String flag, String defaultValue, String paramLabel,
                      String help, boolean secret) {

    public static Setting of(String yamlKey, String envName, String flag, String defaultValue, String paramLabel,
                             String help) {
        return new Setting(yamlKey, envName, flag, defaultValue, paramLabel, help, false);
    }

    /** A key with no flag: a secret on the command line is visible to every local user through ps. */
    public static Setting secret(String yamlKey, String envName, String help) {
        return new Setting(yamlKey, envName, null, "", null, help, true);
    }

    /** The flag's description in {@code --help}. */
    public String flagDescription() {
        String shownDefault = defaultValue.isEmpty() ? "" : ", default " + defaultValue;
        return help + " (" + envName + shownDefault + ")";
    }
}
