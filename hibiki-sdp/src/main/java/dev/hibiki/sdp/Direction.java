package dev.hibiki.sdp;

import java.util.Optional;

/** Media direction attribute (RFC 3264), seen from the side that wrote the description. */
public enum Direction {
    SENDRECV("sendrecv"),
    SENDONLY("sendonly"),
    RECVONLY("recvonly"),
    INACTIVE("inactive");

    private final String sdpName;

    Direction(String sdpName) {
        this.sdpName = sdpName;
    }

    /** The attribute name, such as {@code sendonly}. */
    public String sdpName() {
        return sdpName;
    }

    public boolean sends() {
        return this == SENDRECV || this == SENDONLY;
    }

    public boolean receives() {
        return this == SENDRECV || this == RECVONLY;
    }

    /** The direction the other side sees: sendonly becomes recvonly and the reverse. */
    public Direction reverse() {
        return switch (this) {
            case SENDONLY -> RECVONLY;
            case RECVONLY -> SENDONLY;
            default -> this;
        };
    }

    /** Whether an answer with {@code answer} direction is allowed for an offer with this direction (RFC 3264 6.1). */
    public boolean allowsAnswer(Direction answer) {
        return switch (this) {
            case SENDRECV -> true;
            case SENDONLY -> answer == RECVONLY || answer == INACTIVE;
            case RECVONLY -> answer == SENDONLY || answer == INACTIVE;
            case INACTIVE -> answer == INACTIVE;
        };
    }

    public static Optional<Direction> fromSdpName(String name) {
        for (Direction d : values()) {
            if (d.sdpName.equals(name)) return Optional.of(d);
        }
        return Optional.empty();
    }
}
