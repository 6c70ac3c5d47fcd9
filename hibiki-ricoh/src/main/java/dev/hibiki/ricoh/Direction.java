package dev.hibiki.ricoh;

import dev.hibiki.live.signaling.Role;

import java.util.Optional;

/** A ticket's direction, and the signaling role it admits ({@code upstream} is Sora's sendonly, {@code downstream} recvonly). */
public enum Direction {
    UP("up", Role.SENDONLY, "upstream"),
    DOWN("down", Role.RECVONLY, "downstream");

    private final String apiName;
    private final Role role;
    private final String roleName;

    Direction(String apiName, Role role, String roleName) {
        this.apiName = apiName;
        this.role = role;
        this.roleName = roleName;
    }

    public String apiName() {
        return apiName;
    }

    /** The signaling role a connection with this ticket has. */
    public Role role() {
        return role;
    }

    /** The role as the document's connect message names it. */
    public String roleName() {
        return roleName;
    }

    public boolean admits(Role signalingRole) {
        return role == signalingRole;
    }

    public static Optional<Direction> fromApi(String name) {
        for (Direction d : values()) {
            if (d.apiName.equals(name)) return Optional.of(d);
        }
        return Optional.empty();
    }
}
