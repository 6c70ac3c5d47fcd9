package dev.hibiki.platform.token;

/** A token just created: the only moment its secret is known to Hibiki. */
public record IssuedToken(AccessToken token, String secret) {

    @Override
    public String toString() {
        return "IssuedToken[" + token + "]";
    }
}
