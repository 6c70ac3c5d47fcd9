package dev.hibiki.server.config;

import dev.hibiki.hls.playlist.SegmentFormat;

import dev.hibiki.server.webhook.WebhookSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Resolves {@link HibikiConfig} from defaults, an optional YAML file, {@code HIBIKI_*} environment variables and
 * command-line flags (later sources win). Every error names the key in the form the user wrote it.
 */
public final class ConfigLoader {

    /** A raw value and the name under which the user gave it, for error messages. */
    private record Raw(String value, String origin) {
    }

    private final Map<Setting, Raw> values = new EnumMap<>(Setting.class);

    private ConfigLoader() {
        for (Setting s : Setting.values()) {
            values.put(s, new Raw(s.defaultValue(), s.yamlKey() + " (default)"));
        }
    }

    /**
     * @param yamlFile the {@code --config} file, or null
     * @param env      the process environment
     * @param flags    values given as command-line flags, by setting
     */
    public static HibikiConfig load(Path yamlFile, Map<String, String> env, Map<Setting, String> flags) {
        ConfigLoader loader = new ConfigLoader();
        if (yamlFile != null) loader.readYaml(yamlFile);
        loader.readEnv(env);
        flags.forEach((setting, value) -> {
            if (value != null) loader.values.put(setting, new Raw(value, setting.flag()));
        });
        return loader.resolve();
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
            Setting setting = Setting.byYamlKey(key);
            if (setting == null) {
                throw new ConfigException("unknown key " + key + " in " + file + " (known keys: "
                        + String.join(", ", Arrays.stream(Setting.values()).map(Setting::yamlKey).toList()) + ")");
            }
            if (!value.isValueNode()) {
                throw new ConfigException(key + " in " + file + " must be a single value, not a list");
            }
            values.put(setting, new Raw(value.isNull() ? "" : value.asText(), key + " in " + file));
        }
    }

    private void readEnv(Map<String, String> env) {
        for (Setting s : Setting.values()) {
            String v = env.get(s.envName());
            if (v != null) values.put(s, new Raw(v, s.envName()));
        }
    }

    private HibikiConfig resolve() {
        String host = text(Setting.HTTP_HOST);
        if (host.isEmpty()) throw invalid(Setting.HTTP_HOST, "must be a host name or IP address to listen on");
        int port = integer(Setting.HTTP_PORT, 0, 65535);
        List<String> cors = corsOrigins();
        Path dataDir = path(Setting.DATA_DIR);
        URI publicUrl = publicUrl();
        int poolSize = integer(Setting.DB_POOL_SIZE, 1, 200);
        int shutdownSeconds = integer(Setting.SHUTDOWN_TIMEOUT_SECONDS, 0, 3600);
        DatabaseSettings db = database(dataDir, poolSize);
        MediaSettings media = new MediaSettings(integer(Setting.MEDIA_PORT, 0, 65535), mediaAddresses(),
                integer(Setting.MEDIA_SEND_WORKERS, 0, 256));
        WebhookSettings webhooks = new WebhookSettings(Duration.ofSeconds(integer(Setting.WEBHOOK_TIMEOUT_SECONDS, 1, 60)),
                integer(Setting.WEBHOOK_EVENT_ATTEMPTS, 1, 10), WebhookSettings.DEFAULT.firstRetryDelay(),
                WebhookSettings.DEFAULT.eventQueueLimit(), bool(Setting.WEBHOOK_ALLOW_PRIVATE_NETWORKS));
        return new HibikiConfig(host, port, cors, dataDir, publicUrl, db, Duration.ofSeconds(shutdownSeconds), media,
                hls(), webhooks, sip(), secretKey());
    }

    private String secretKey() {
        String key = values.get(Setting.SECRET_KEY).value().strip();
        if (key.isEmpty()) return "";
        byte[] bytes;
        try {
            bytes = java.util.Base64.getDecoder().decode(key);
        } catch (IllegalArgumentException e) {
            bytes = new byte[0];
        }
        if (bytes.length != 32) {
            throw invalid(Setting.SECRET_KEY, "must be 32 random bytes in base64 (44 characters), e.g. from `openssl rand -base64 32`");
        }
        return key;
    }

    private HlsSettings hls() {
        int window = integer(Setting.HLS_WINDOW_SEGMENTS, 2, 1000);
        String encoder = text(Setting.HLS_VIDEO_ENCODER);
        if (!java.util.Set.of("libx264", "libopenh264").contains(encoder)) {
            throw invalid(Setting.HLS_VIDEO_ENCODER, "must be libx264 or libopenh264");
        }
        String preset = text(Setting.HLS_X264_PRESET);
        if (!java.util.Set.of("ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower",
                "veryslow").contains(preset)) {
            throw invalid(Setting.HLS_X264_PRESET, "must be an x264 preset: ultrafast, superfast, veryfast, faster, "
                    + "fast, medium, slow, slower or veryslow");
        }
        SegmentFormat format = SegmentFormat.parse(text(Setting.HLS_SEGMENT_FORMAT));
        if (format == null) throw invalid(Setting.HLS_SEGMENT_FORMAT, "must be mpegts or fmp4");
        return new HlsSettings(window, encoder, preset, format);
    }

    private SipSettings sip() {
        String v = text(Setting.SIP_ADDRESS);
        InetAddress address = null;
        if (!v.isEmpty()) {
            if (!v.matches("[0-9.]+")) throw invalid(Setting.SIP_ADDRESS, "must be an IPv4 address (got " + v + ")");
            try {
                address = InetAddress.getByName(v);
            } catch (java.net.UnknownHostException e) {
                throw invalid(Setting.SIP_ADDRESS, "must be an IPv4 address (got " + v + ")");
            }
        }
        int min = integer(Setting.SIP_RTP_PORT_MIN, 1024, 65534);
        int max = integer(Setting.SIP_RTP_PORT_MAX, 1025, 65535);
        if (max < min + 2) throw invalid(Setting.SIP_RTP_PORT_MAX, "must be at least sip.rtp_port_min + 2 (got " + max + ")");
        return new SipSettings(address, integer(Setting.SIP_PORT, 0, 65535), min, max,
                Duration.ofSeconds(integer(Setting.SIP_RTP_TIMEOUT_SECONDS, 1, 3600)),
                bool(Setting.SIP_ALLOW_PRIVATE_NETWORKS));
    }

    private DatabaseSettings database(Path dataDir, int poolSize) {
        String url = text(Setting.DB_URL);
        String user = text(Setting.DB_USER);
        String password = values.get(Setting.DB_PASSWORD).value();
        if (url.isEmpty()) {
            return new DatabaseSettings(DatabaseSettings.embeddedH2Url(dataDir.resolve("hibiki")), user, password,
                    poolSize, true);
        }
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw invalid(Setting.DB_URL, "must be a jdbc:h2: or jdbc:postgresql: URL");
        }
        return new DatabaseSettings(DatabaseSettings.durable(url), user, password, poolSize, false);
    }

    private URI publicUrl() {
        String v = text(Setting.PUBLIC_URL);
        if (v.isEmpty()) return null;
        URI uri;
        try {
            uri = new URI(v);
        } catch (URISyntaxException e) {
            throw invalid(Setting.PUBLIC_URL, "is not a valid URL (example: https://live.example.com)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw invalid(Setting.PUBLIC_URL, "must be an absolute http:// or https:// URL with a host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw invalid(Setting.PUBLIC_URL, "must not contain user info, a query or a fragment");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) path = path.substring(0, path.length() - 1);
        return URI.create(scheme + "://" + uri.getRawAuthority() + path);
    }

    private List<InetAddress> mediaAddresses() {
        String v = text(Setting.MEDIA_ADDRESSES);
        List<InetAddress> out = new ArrayList<>();
        if (v.isEmpty()) return out;
        for (String part : v.split(",")) {
            String a = part.trim();
            if (a.isEmpty()) continue;
            // IP literals only: a host name here would make every start depend on DNS.
            if (!a.matches("[0-9.]+|[0-9a-fA-F:]+")) {
                throw invalid(Setting.MEDIA_ADDRESSES, "must be a comma-separated list of IP addresses (got " + a + ")");
            }
            try {
                out.add(InetAddress.getByName(a));
            } catch (java.net.UnknownHostException e) {
                throw invalid(Setting.MEDIA_ADDRESSES, "must be a comma-separated list of IP addresses (got " + a + ")");
            }
        }
        return List.copyOf(out);
    }

    private List<String> corsOrigins() {
        String v = text(Setting.HTTP_CORS_ORIGINS);
        List<String> origins = new ArrayList<>();
        if (v.isEmpty()) return origins;
        for (String part : v.split(",")) {
            String origin = part.trim();
            if (origin.isEmpty()) continue;
            if (!origin.equals("*") && !origin.matches("https?://[^/\\s]+")) {
                throw invalid(Setting.HTTP_CORS_ORIGINS,
                        "must be * or a comma-separated list of origins such as https://app.example.com (got "
                                + origin + ")");
            }
            origins.add(origin);
        }
        return List.copyOf(origins);
    }

    private Path path(Setting s) {
        String v = text(s);
        if (v.isEmpty()) throw invalid(s, "must be a directory path");
        try {
            return Path.of(v);
        } catch (InvalidPathException e) {
            throw invalid(s, "is not a valid path");
        }
    }

    private int integer(Setting s, int min, int max) {
        String v = text(s);
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException ignored) {
            // reported below with the allowed range
        }
        throw invalid(s, "must be an integer from " + min + " to " + max);
    }

    private boolean bool(Setting s) {
        String v = text(s).toLowerCase(Locale.ROOT);
        if (v.equals("true")) return true;
        if (v.equals("false")) return false;
        throw invalid(s, "must be true or false");
    }

    private String text(Setting s) {
        return values.get(s).value().trim();
    }

    private ConfigException invalid(Setting s, String why) {
        Raw raw = values.get(s);
        String shown = s.secret() ? "" : "=\"" + raw.value() + "\"";
        return new ConfigException("invalid configuration: " + raw.origin() + shown + " " + why);
    }

    private static String firstLine(String message) {
        if (message == null) return "unreadable";
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** Checks that the data directory exists or can be created and is writable. */
    public static void prepareDataDir(HibikiConfig config) {
        Path dir = config.dataDir();
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
