package dev.hibiki.platform.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the raw value of every known key from defaults, an optional YAML file, {@code HIBIKI_*} environment
 * variables and command-line flags (later sources win). Each module then resolves its typed settings from the
 * {@link ConfigValues}; every error names the key in the form the user wrote it.
 */
public final class ConfigLoader {

    private final List<Setting> known;
    private final Map<Setting, ConfigValues.Raw> values = new LinkedHashMap<>();

    private ConfigLoader(List<Setting> known) {
        this.known = List.copyOf(known);
        for (Setting s : known) {
            values.put(s, new ConfigValues.Raw(s.defaultValue(), s.yamlKey() + " (default)"));
        }
    }

    /**
     * @param yamlFile the {@code --config} file, or null
     * @param env      the process environment
     * @param flags    values given as command-line flags, by setting (null values are ignored)
     * @param known    every key of every module: a YAML key outside them is an error
     */
    public static ConfigValues load(Path yamlFile, Map<String, String> env, Map<Setting, String> flags,
                                    List<Setting> known) {
        ConfigLoader loader = new ConfigLoader(known);
        if (yamlFile != null) loader.readYaml(yamlFile);
        loader.readEnv(env);
        flags.forEach((setting, value) -> {
            if (value != null) loader.values.put(setting, new ConfigValues.Raw(value, setting.flag()));
        });
        return new ConfigValues(loader.values);
    }

    private void readYaml(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": "
                    + firstLine(e.getMessage()));
        }
        if (root == null || root.isMissingNode() || root.isNull()) return;
        if (!root.isObject()) {
            throw new ConfigException("configuration file " + file + " must be a YAML mapping of keys to values");
        }
        flatten("", root, file);
    }

    private void flatten(String prefix, JsonNode node, Path file) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = prefix + field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject()) {
                flatten(key + ".", value, file);
                continue;
            }
            Setting setting = known.stream().filter(s -> s.yamlKey().equals(key)).findFirst().orElse(null);
            if (setting == null) {
                throw new ConfigException("unknown key " + key + " in " + file + " (known keys: "
                        + String.join(", ", known.stream().map(Setting::yamlKey).toList()) + ")");
            }
            if (!value.isValueNode()) {
                throw new ConfigException(key + " in " + file + " must be a single value, not a list");
            }
            values.put(setting, new ConfigValues.Raw(value.isNull() ? "" : value.asText(), key + " in " + file));
        }
    }

    private void readEnv(Map<String, String> env) {
        for (Setting s : known) {
            String v = env.get(s.envName());
            if (v != null) values.put(s, new ConfigValues.Raw(v, s.envName()));
        }
    }

    static String firstLine(String message) {
        if (message == null) return "unreadable";
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** Checks that the data directory exists or can be created and is writable. */
    public static void prepareDataDir(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new ConfigException("invalid configuration: data directory " + dir
                    + " (HIBIKI_DATA_DIR / --data-dir) exists but is not a directory");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException | SecurityException e) {
            throw new ConfigException("invalid configuration: data directory " + dir
                    + " (HIBIKI_DATA_DIR / --data-dir) cannot be created: " + firstLine(String.valueOf(e.getMessage())));
        }
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new ConfigException("invalid configuration: data directory " + dir
                    + " (HIBIKI_DATA_DIR / --data-dir) is not a writable directory");
        }
    }
}
