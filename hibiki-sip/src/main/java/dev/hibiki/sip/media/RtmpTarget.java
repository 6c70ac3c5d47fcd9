package dev.hibiki.sip.media;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An RTMP publish URL ({@code rtmp://} or {@code rtmps://}, the stream name included) taken apart, so that FFmpeg
 * can be sent to an address that was checked instead of looking the host up itself, while the RTMP server still
 * sees the URL with the host name where it carries it (the {@code tcUrl} of the connect command).
 *
 * @param host the host as written, without IPv6 brackets; host names may contain {@code _}, which DNS and FFmpeg
 *             accept
 * @param port the port written in the URL, or -1
 * @param path everything after the authority, {@code /app/stream} and any query, as FFmpeg splits it
 */
public record RtmpTarget(String scheme, String userInfo, String host, int port, String path) {

    private static final Pattern URL = Pattern.compile(
            "(?i)(rtmps?)://(?:([^@/\\s]+)@)?([A-Za-z0-9_.-]+|\\[[0-9A-Fa-f:.]+\\])(?::([0-9]{1,5}))?(.*)");

    public static RtmpTarget parse(String url) {
        Matcher m = URL.matcher(url);
        if (!m.matches()) throw new IllegalArgumentException("not an rtmp:// or rtmps:// URL with a host: " + url);
        String host = m.group(3);
        if (host.startsWith("[")) host = host.substring(1, host.length() - 1);
        return new RtmpTarget(m.group(1).toLowerCase(Locale.ROOT), m.group(2), host,
                m.group(4) == null ? -1 : Integer.parseInt(m.group(4)), m.group(5));
    }

    public boolean tls() {
        return scheme.equals("rtmps");
    }

    /** The port FFmpeg connects to: the URL's, else 1935 (rtmp) or 443 (rtmps). */
    public int effectivePort() {
        return port >= 0 ? port : tls() ? 443 : 1935;
    }

    /** The same URL with {@code address} (an IP literal) in place of the host. */
    public String at(InetAddress address) {
        String literal = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        return scheme + "://" + (userInfo == null ? "" : userInfo + "@") + literal + ":" + effectivePort() + path;
    }

    /** The URL as given (the one FFmpeg opens when the host name itself is needed, as for TLS). */
    public String url() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return scheme + "://" + (userInfo == null ? "" : userInfo + "@") + h + (port >= 0 ? ":" + port : "") + path;
    }

    /**
     * The {@code tcUrl} FFmpeg sends in its connect command for this URL: {@code scheme://host:port/app}, with the
     * application name taken from the path as FFmpeg's RTMP client takes it (the part before {@code ?} when the
     * query names {@code slist=}; {@code ondemand}; else the first path segment, or the first two when a third
     * follows and no {@code :} comes before it).
     */
    public String tcUrl() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return scheme + "://" + h + ":" + effectivePort() + "/" + app();
    }

    String app() {
        int qmark = path.indexOf('?');
        if (qmark >= 0 && path.indexOf("slist=", qmark) >= 0) return path.substring(1, qmark);
        if (path.startsWith("/ondemand/")) return "ondemand";
        String next = path.isEmpty() ? path : path.substring(1);
        int p = next.indexOf('/');
        if (p < 0) return next;
        int c = next.indexOf(':', p + 1);
        int fname = next.indexOf('/', p + 1);
        if (fname < 0 || c >= 0 && c < fname) return next.substring(0, p);
        return next.substring(0, fname);
    }
}
