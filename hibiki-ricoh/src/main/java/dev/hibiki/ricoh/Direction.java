package dev.hibiki.ricoh;

import java.util.Optional;

/** A ticket's direction, and the signaling roles it admits (Sora's current and legacy names). */
public enum Direction {
    UP("up", "upstream", "sendonly"),
    DOWN("down", "downstream", "recvonly");

    private final String apiName;
    private final String role;
    private final String legacyRole;

    Direction(String apiName, String role, String legacyRole) {
        this.apiName = apiName;
        this.role = role;
        this.legacyRole = legacyRole;
    }

    public String apiName() {
        return apiName;
    }

    public boolean admits(String signalingRole) {
        return role.equals(signalingRole) || legacyRole.equals(signalingRole);
    }

    public static Optional<Direction> fromApi(String name) {
        for (Direction d : values()) {
            if (d.apiName.equals(name)) return Optional.of(d);
        }
        return Optional.empty();
    }
}
