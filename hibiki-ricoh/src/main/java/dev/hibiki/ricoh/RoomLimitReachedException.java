package dev.hibiki.ricoh;

/** The client already owns as many rooms as its plan allows. */
final class RoomLimitReachedException extends RuntimeException {

    RoomLimitReachedException(int maxRooms) {
        super("this client may own at most " + maxRooms + " room" + (maxRooms == 1 ? "" : "s")
                + " at once; delete one (DELETE /v1/rooms/{id}) before creating another", null, false, false);
    }
}
