package dev.hibiki.ricoh;

/** A new client and its secret, which only its creator ever sees (the database keeps its hash). */
public record IssuedClient(ApiClient client, String secret) {
}
