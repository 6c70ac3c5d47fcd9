package dev.hibiki.live.signaling;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The gates features put before signaling ({@link ConnectGate}), asked in the order they were added; the first
 * that has a say decides. Without one, a connect goes to the stored channel it names.
 */
public final class ConnectGates {

    private final List<ConnectGate> gates = new CopyOnWriteArrayList<>();

    /** Adds a gate; features do it while they start. */
    public void add(ConnectGate gate) {
        gates.add(gate);
    }

    ConnectGate.Admission admit(String channelId, Role role, JsonNode metadata) throws SignalingException {
        for (ConnectGate gate : gates) {
            ConnectGate.Admission admission = gate.admit(channelId, role, metadata);
            if (admission != null) return admission;
        }
        return new ConnectGate.Admission(channelId, true);
    }
}
