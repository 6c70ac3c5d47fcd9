package dev.hibiki.hls.playlist;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * How a segment is encrypted, as an {@code EXT-X-KEY} tag shows it (RFC 8216 §4.3.2.4): AES-128 with the key at
 * {@code uri} and an explicit 16-byte IV, or no encryption ({@link #NONE}).
 */
public final class SegmentKey {
    /** Marks clear segments that follow encrypted ones ({@code METHOD=NONE}). */
    public static final SegmentKey NONE = new SegmentKey(null, null);

    private final String uri;
    private final byte[] iv;

    private SegmentKey(String uri, byte[] iv) {
        this.uri = uri;
        this.iv = iv;
    }

    /**
     * AES-128 with the key served at {@code keyUri} (use {@link #keyUri} for the ImageFlux form).
     *
     * @param iv 16 bytes, or null to let players use the media sequence number (RFC 8216 §5.2)
     */
    public static SegmentKey aes128(String keyUri, byte[] iv) {
        if (keyUri == null || keyUri.isEmpty() || keyUri.indexOf('"') >= 0 || keyUri.indexOf('\n') >= 0
                || keyUri.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("key URI must be non-empty and fit a quoted string: " + keyUri);
        }
        if (iv != null && iv.length != 16) {
            throw new IllegalArgumentException("IV must be 16 bytes");
        }
        return new SegmentKey(keyUri, iv == null ? null : iv.clone());
    }

    /**
     * The key URI ImageFlux puts in playlists: {@code encryptKeyUri} with {@code kid=<kid>} added as
     * {@code ?kid=} or, when the URI already has a query, {@code &kid=} (before any fragment).
     */
    public static String keyUri(String encryptKeyUri, String kid) {
        String base = encryptKeyUri;
        String fragment = "";
        int hash = base.indexOf('#');
        if (hash >= 0) {
            fragment = base.substring(hash);
            base = base.substring(0, hash);
        }
        char separator = base.indexOf('?') >= 0 ? '&' : '?';
        if (base.endsWith("?") || base.endsWith("&")) {
            separator = 0;
        }
        String param = "kid=" + URLEncoder.encode(kid, StandardCharsets.UTF_8);
        return separator == 0 ? base + param + fragment : base + separator + param + fragment;
    }

    /** The IV players assume when none is given: the media sequence number as a 128-bit big-endian integer. */
    public static byte[] ivForSequence(long mediaSequence) {
        byte[] iv = new byte[16];
        for (int i = 0; i < 8; i++) {
            iv[15 - i] = (byte) (mediaSequence >>> (8 * i));
        }
        return iv;
    }

    public boolean isEncrypted() {
        return uri != null;
    }

    /** Key URI, or null for {@link #NONE}. */
    public String uri() {
        return uri;
    }

    /** A copy of the IV, or null. */
    public byte[] iv() {
        return iv == null ? null : iv.clone();
    }

    /** The tag line without line break. */
    public String tag() {
        if (uri == null) {
            return "#EXT-X-KEY:METHOD=NONE";
        }
        String line = "#EXT-X-KEY:METHOD=AES-128,URI=\"" + uri + "\"";
        return iv == null ? line : line + ",IV=0x" + HexFormat.of().withUpperCase().formatHex(iv);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SegmentKey k && java.util.Objects.equals(uri, k.uri) && Arrays.equals(iv, k.iv);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Objects.hashCode(uri) + Arrays.hashCode(iv);
    }

    @Override
    public String toString() {
        return tag();
    }
}
