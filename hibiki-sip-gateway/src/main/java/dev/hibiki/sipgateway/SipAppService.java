package dev.hibiki.sipgateway;

import org.jdbi.v3.core.Jdbi;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Stores the SIP gateway applications (appKey → callback URL). */
public final class SipAppService {
    public static final int MAX_KEY_LENGTH = 100;

    private final Jdbi jdbi;

    public SipAppService(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** @throws IllegalArgumentException for a bad key or URL, or a key that exists already */
    public SipApp create(String key, String url) {
        String k = validKey(key);
        URI callback = validUrl(url);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        return jdbi.inTransaction(h -> {
            boolean exists = h.createQuery("SELECT COUNT(*) FROM sip_apps WHERE app_key = :k").bind("k", k)
                    .mapTo(Integer.class).one() > 0;
            if (exists) throw new IllegalArgumentException("a SIP app with key " + k + " exists already");
            h.createUpdate("INSERT INTO sip_apps (app_key, callback_url, created_at) VALUES (:k, :u, :t)")
                    .bind("k", k).bind("u", callback.toString()).bind("t", now).execute();
            return new SipApp(k, callback, now);
        });
    }

    public Optional<SipApp> find(String key) {
        return jdbi.withHandle(h -> h.createQuery("SELECT app_key, callback_url, created_at FROM sip_apps WHERE app_key = :k")
                .bind("k", key)
                .map((rs, ctx) -> new SipApp(rs.getString(1), URI.create(rs.getString(2)),
                        rs.getObject(3, OffsetDateTime.class)))
                .findOne());
    }

    public List<SipApp> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT app_key, callback_url, created_at FROM sip_apps ORDER BY app_key")
                .map((rs, ctx) -> new SipApp(rs.getString(1), URI.create(rs.getString(2)),
                        rs.getObject(3, OffsetDateTime.class)))
                .list());
    }

    public boolean delete(String key) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM sip_apps WHERE app_key = :k").bind("k", key).execute()) > 0;
    }

    static String validKey(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH || !key.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("the app key must be 1 to " + MAX_KEY_LENGTH
                    + " letters, digits, '.', '_' or '-' (got \"" + key + "\")");
        }
        return key;
    }

    static URI validUrl(String url) {
        try {
            URI uri = new URI(url == null ? "" : url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) return uri;
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException("the callback URL must be an absolute http:// or https:// URL (got \"" + url + "\")");
    }
}
