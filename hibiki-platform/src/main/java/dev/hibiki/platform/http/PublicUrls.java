package dev.hibiki.platform.http;

import java.net.URI;

/**
 * The URLs Hibiki hands to clients, built from the public base URL (HIBIKI_PUBLIC_URL, or the bound address when
 * that is not set). The base is fixed once the HTTP port is known.
 */
public final class PublicUrls {

    private volatile String httpBase;

    /** @param base {@code http(s)://host[:port][/prefix]} without a trailing slash */
    public void setBase(URI base) {
        this.httpBase = base.toString();
    }

    public String httpBase() {
        String b = httpBase;
        if (b == null) throw new IllegalStateException("public URL not known before the server is bound");
        return b;
    }

    /** {@code ws(s)://host/signaling}: where Sora SDKs connect. */
    public String signalingUrl() {
        String b = httpBase();
        return (b.startsWith("https:") ? "wss:" + b.substring(6) : "ws:" + b.substring(5)) + "/signaling";
    }

    public String playlistUrl(String channelId, String playlistKey) {
        return httpBase() + "/hls/" + channelId + "/" + playlistKey + "/index.m3u8";
    }
}
