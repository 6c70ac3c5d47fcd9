package dev.hibiki.ricoh;

/** A new ticket: its id, and the token that only its requester sees (the database keeps its hash). */
public record IssuedTicket(String id, String token, Room room, Direction direction) {
}
