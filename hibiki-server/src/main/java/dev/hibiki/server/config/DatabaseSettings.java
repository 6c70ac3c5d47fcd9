package dev.hibiki.server.config;

/**
 * Where the state lives. {@code embedded} means Hibiki chose the H2 file itself (no {@code db.url} given), so it
 * also manages that database's credentials.
 */
public record DatabaseSettings(String url, String user, String password, int poolSize, boolean embedded) {

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
