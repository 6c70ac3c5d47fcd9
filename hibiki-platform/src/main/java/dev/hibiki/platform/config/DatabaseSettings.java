package dev.hibiki.platform.config;

/**
 * Where the state lives. {@code embedded} means Hibiki chose the H2 file itself (no {@code db.url} given), so it
 * also manages that database's credentials.
 */
public record DatabaseSettings(String url, String user, String password, int poolSize, boolean embedded) {

    /**
     * The embedded database's URL for the H2 file {@code file} (without its {@code .mv.db} suffix). AUTO_SERVER lets
     * {@code hibiki token …} open the database while {@code hibiki serve} holds it; see {@link #durable} for the rest.
     */
    public static String embeddedH2Url(java.nio.file.Path file) {
        return durable("jdbc:h2:file:" + file.toAbsolutePath().normalize() + ";AUTO_SERVER=TRUE");
    }

    /**
     * An H2 URL whose commits reach the file before the API confirms them: H2 otherwise writes committed data up to a
     * second later (its WRITE_DELAY), and a {@code kill -9} in that second loses writes the API already confirmed.
     * An operator's own WRITE_DELAY is kept; other URLs are returned as they are.
     */
    public static String durable(String url) {
        if (!url.startsWith("jdbc:h2:") || url.toUpperCase(java.util.Locale.ROOT).contains(";WRITE_DELAY=")) return url;
        return url + ";WRITE_DELAY=0";
    }

    public boolean postgres() {
        return url.startsWith("jdbc:postgresql:");
    }

    /** The URL fit for logs and messages: a password given as a URL parameter is masked. */
    public String redactedUrl() {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    @Override
    public String toString() {
        // Never print the password, not even by accident through a log of this record.
        return "DatabaseSettings[url=" + redactedUrl() + ", user=" + user + ", poolSize=" + poolSize + "]";
    }
}
