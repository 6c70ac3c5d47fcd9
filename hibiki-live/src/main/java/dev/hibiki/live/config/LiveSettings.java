package dev.hibiki.live.config;

import dev.hibiki.hls.playlist.SegmentFormat;
import dev.hibiki.live.signaling.DataChannelPlan;
import dev.hibiki.platform.config.ConfigValues;
import dev.hibiki.platform.config.Setting;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The keys of live channels: the WebRTC media port and the HLS output. */
public final class LiveSettings {

    public static final Setting MEDIA_PORT = Setting.of("media.port", "HIBIKI_MEDIA_PORT", "--media-port", "50000",
            "PORT", "UDP port for all WebRTC media");
    public static final Setting MEDIA_ADDRESSES = Setting.of("media.addresses", "HIBIKI_MEDIA_ADDRESSES",
            "--media-addresses", "", "IPS",
            "comma-separated IP addresses announced to WebRTC clients (empty: this machine's addresses)");
    public static final Setting MEDIA_SEND_WORKERS = Setting.of("media.send_workers", "HIBIKI_MEDIA_SEND_WORKERS",
            "--media-send-workers", "0", "N", "threads that fan media out to subscribers (0: one per processor)");
    public static final Setting MEDIA_TCP = Setting.of("media.tcp", "HIBIKI_MEDIA_TCP", "--media-tcp", "true",
            "BOOL", "also accept WebRTC media over TCP (ICE-TCP) on the media port's number, for networks without UDP");
    public static final Setting MEDIA_ICE_TRANSPORT_POLICY = Setting.of("media.ice_transport_policy",
            "HIBIKI_MEDIA_ICE_TRANSPORT_POLICY", "--media-ice-transport-policy", "all", "POLICY",
            "the offer's iceTransportPolicy: all, or relay (clients use only the TURN relays; Sora's iOS SDK wants it)");
    public static final Setting DATA_CHANNEL_SIGNALING = Setting.of("signaling.data_channel_signaling",
            "HIBIKI_SIGNALING_DATA_CHANNEL_SIGNALING", "--signaling-data-channel-signaling", "false", "BOOL",
            "for a connect that does not say: move signaling to data channels once they are open (switched)");
    public static final Setting IGNORE_DISCONNECT_WEBSOCKET = Setting.of("signaling.ignore_disconnect_websocket",
            "HIBIKI_SIGNALING_IGNORE_DISCONNECT_WEBSOCKET", "--signaling-ignore-disconnect-websocket", "false", "BOOL",
            "for a connect that does not say: after switched the connection outlives its WebSocket");
    public static final Setting TURN_PORT = Setting.of("turn.port", "HIBIKI_TURN_PORT", "--turn-port", "3478", "PORT",
            "UDP and TCP port of the embedded TURN server (0: off)");
    public static final Setting TURN_ADDRESSES = Setting.of("turn.addresses", "HIBIKI_TURN_ADDRESSES",
            "--turn-addresses", "", "IPS",
            "comma-separated IP addresses the embedded TURN server relays from and is announced on (empty: media.addresses)");
    public static final Setting TURN_EXTERNAL_URLS = Setting.of("turn.external_urls", "HIBIKI_TURN_EXTERNAL_URLS",
            "--turn-external-urls", "", "URLS",
            "comma-separated turn:/turns: URLs of your own TURN server (coturn with use-auth-secret), also put in offers");
    public static final Setting TURN_EXTERNAL_SECRET = Setting.of("turn.external_secret",
            "HIBIKI_TURN_EXTERNAL_SECRET", "--turn-external-secret", "", "SECRET",
            "the shared secret of that TURN server (its static-auth-secret), for per-connection credentials");
    public static final Setting TURN_TLS_PORT = Setting.of("turn.tls_port", "HIBIKI_TURN_TLS_PORT", "--turn-tls-port",
            "5349", "PORT", "TLS port of the embedded TURN server (turns:), on when the certificate and key are set");
    public static final Setting TURN_TLS_CERT_FILE = Setting.of("turn.tls_cert_file", "HIBIKI_TURN_TLS_CERT_FILE",
            "--turn-tls-cert-file", "", "FILE", "the TURN server's certificate chain (PEM) for TURN over TLS");
    public static final Setting TURN_TLS_KEY_FILE = Setting.of("turn.tls_key_file", "HIBIKI_TURN_TLS_KEY_FILE",
            "--turn-tls-key-file", "", "FILE", "its private key (PEM, PKCS#8: BEGIN PRIVATE KEY)");
    public static final Setting TURN_TLS_HOST = Setting.of("turn.tls_host", "HIBIKI_TURN_TLS_HOST", "--turn-tls-host",
            "", "HOST", "the host name in the turns: URL, which the certificate names (empty: public_url's host)");
    public static final Setting HLS_WINDOW_SEGMENTS = Setting.of("hls.window_segments", "HIBIKI_HLS_WINDOW_SEGMENTS",
            "--hls-window-segments", "6", "N", "segments each live HLS playlist lists");
    public static final Setting HLS_VIDEO_ENCODER = Setting.of("hls.video_encoder", "HIBIKI_HLS_VIDEO_ENCODER",
            "--hls-video-encoder", "libx264", "NAME", "H.264 encoder for HLS: libx264 or libopenh264");
    public static final Setting HLS_X264_PRESET = Setting.of("hls.x264_preset", "HIBIKI_HLS_X264_PRESET",
            "--hls-x264-preset", "superfast", "PRESET", "x264 preset for HLS");
    public static final Setting HLS_SEGMENT_FORMAT = Setting.of("hls.segment_format", "HIBIKI_HLS_SEGMENT_FORMAT",
            "--hls-segment-format", "mpegts", "FORMAT",
            "HLS segments: mpegts or fmp4 (fragmented MP4 with init.mp4; encrypted channels stay mpegts)");

    public static final List<Setting> ALL = List.of(MEDIA_PORT, MEDIA_ADDRESSES, MEDIA_SEND_WORKERS, MEDIA_TCP,
            MEDIA_ICE_TRANSPORT_POLICY, DATA_CHANNEL_SIGNALING, IGNORE_DISCONNECT_WEBSOCKET, TURN_PORT, TURN_ADDRESSES, TURN_EXTERNAL_URLS, TURN_EXTERNAL_SECRET,
            TURN_TLS_PORT, TURN_TLS_CERT_FILE, TURN_TLS_KEY_FILE, TURN_TLS_HOST,
            HLS_WINDOW_SEGMENTS, HLS_VIDEO_ENCODER, HLS_X264_PRESET, HLS_SEGMENT_FORMAT);

    private LiveSettings() {
    }

    public static MediaSettings media(ConfigValues v) {
        boolean dcSignaling = v.bool(DATA_CHANNEL_SIGNALING);
        boolean ignoreWebSocket = v.bool(IGNORE_DISCONNECT_WEBSOCKET);
        if (ignoreWebSocket && !dcSignaling) {
            throw v.invalid(IGNORE_DISCONNECT_WEBSOCKET, "needs signaling.data_channel_signaling: true");
        }
        return new MediaSettings(v.integer(MEDIA_PORT, 0, 65535), mediaAddresses(v),
                v.integer(MEDIA_SEND_WORKERS, 0, 256), v.bool(MEDIA_TCP),
                new DataChannelPlan.Defaults(dcSignaling, ignoreWebSocket));
    }

    public static TurnSettings turn(ConfigValues v) {
        int port = v.integer(TURN_PORT, 0, 65535);
        String policy = v.text(MEDIA_ICE_TRANSPORT_POLICY).strip();
        if (!policy.equals("all") && !policy.equals("relay")) {
            throw v.invalid(MEDIA_ICE_TRANSPORT_POLICY, "must be all or relay (got " + policy + ")");
        }
        List<String> urls = new java.util.ArrayList<>();
        for (String u : v.text(TURN_EXTERNAL_URLS).split(",")) {
            String url = u.strip();
            if (url.isEmpty()) continue;
            if (!url.startsWith("turn:") && !url.startsWith("turns:")) {
                throw v.invalid(TURN_EXTERNAL_URLS, "must be turn: or turns: URLs, e.g. turn:turn.example.com:3478 (got "
                        + url + ")");
            }
            urls.add(url);
        }
        String secret = v.text(TURN_EXTERNAL_SECRET).strip();
        if (!urls.isEmpty() && secret.isEmpty()) {
            throw v.invalid(TURN_EXTERNAL_SECRET, "is needed with turn.external_urls (the TURN server's static-auth-secret)");
        }
        if (policy.equals("relay") && port == 0 && urls.isEmpty()) {
            throw v.invalid(MEDIA_ICE_TRANSPORT_POLICY, "relay needs a TURN server: turn.port or turn.external_urls");
        }
        return new TurnSettings(port != 0, port, ipList(v, TURN_ADDRESSES), urls, secret.isEmpty() ? null : secret, policy,
                turnTls(v, port));
    }

    private static TurnSettings.Tls turnTls(ConfigValues v, int turnPort) {
        String cert = v.text(TURN_TLS_CERT_FILE).strip();
        String key = v.text(TURN_TLS_KEY_FILE).strip();
        if (cert.isEmpty() && key.isEmpty()) return null;
        if (cert.isEmpty() || key.isEmpty()) {
            throw v.invalid(cert.isEmpty() ? TURN_TLS_CERT_FILE : TURN_TLS_KEY_FILE,
                    "is needed too: TURN over TLS takes both turn.tls_cert_file and turn.tls_key_file");
        }
        if (turnPort == 0) throw v.invalid(TURN_TLS_CERT_FILE, "needs the embedded TURN server: set turn.port");
        for (Setting s : List.of(TURN_TLS_CERT_FILE, TURN_TLS_KEY_FILE)) {
            if (!java.nio.file.Files.isReadable(java.nio.file.Path.of(v.text(s).strip()))) {
                throw v.invalid(s, "names no readable file (" + v.text(s).strip() + ")");
            }
        }
        String host = v.text(TURN_TLS_HOST).strip();
        return new TurnSettings.Tls(v.integer(TURN_TLS_PORT, 1, 65535), host.isEmpty() ? null : host,
                java.nio.file.Path.of(cert), java.nio.file.Path.of(key));
    }

    public static HlsSettings hls(ConfigValues v) {
        int window = v.integer(HLS_WINDOW_SEGMENTS, 2, 1000);
        String encoder = v.text(HLS_VIDEO_ENCODER);
        if (!Set.of("libx264", "libopenh264").contains(encoder)) {
            throw v.invalid(HLS_VIDEO_ENCODER, "must be libx264 or libopenh264");
        }
        String preset = v.text(HLS_X264_PRESET);
        if (!Set.of("ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower",
                "veryslow").contains(preset)) {
            throw v.invalid(HLS_X264_PRESET, "must be an x264 preset: ultrafast, superfast, veryfast, faster, "
                    + "fast, medium, slow, slower or veryslow");
        }
        SegmentFormat format = SegmentFormat.parse(v.text(HLS_SEGMENT_FORMAT));
        if (format == null) throw v.invalid(HLS_SEGMENT_FORMAT, "must be mpegts or fmp4");
        return new HlsSettings(window, encoder, preset, format);
    }

    private static List<InetAddress> mediaAddresses(ConfigValues v) {
        return ipList(v, MEDIA_ADDRESSES);
    }

    private static List<InetAddress> ipList(ConfigValues v, Setting key) {
        String s = v.text(key);
        List<InetAddress> out = new ArrayList<>();
        if (s.isEmpty()) return out;
        for (String part : s.split(",")) {
            String a = part.trim();
            if (a.isEmpty()) continue;
            // IP literals only: a host name here would make every start depend on DNS.
            if (!a.matches("[0-9.]+|[0-9a-fA-F:]+")) {
                throw v.invalid(key, "must be a comma-separated list of IP addresses (got " + a + ")");
            }
            try {
                out.add(InetAddress.getByName(a));
            } catch (java.net.UnknownHostException e) {
                throw v.invalid(key, "must be a comma-separated list of IP addresses (got " + a + ")");
            }
        }
        return List.copyOf(out);
    }
}
