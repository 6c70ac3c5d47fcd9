package dev.hibiki.live.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * What an auth webhook's answer (or a gate's payouts) says about one connection's relays: Sora's
 * {@code turn_tcp_only} and {@code turn_tls_only}, which keep only the TCP or TLS relay URLs in the offer, and
 * {@code ice_transport_policy} ({@code all} or {@code relay}), which overrides the channel's and the server's policy.
 *
 * @param policy  null to keep the channel's (else the server's)
 */
record RelayChoice(String policy, boolean tcpOnly, boolean tlsOnly) {

    static final RelayChoice SERVER_DEFAULT = new RelayChoice(null, false, false);

    static RelayChoice of(ObjectNode answer) throws SignalingException {
        JsonNode p = answer.get("ice_transport_policy");
        String policy = null;
        if (p != null && !p.isNull()) {
            if (!p.isTextual() || !(p.textValue().equals("all") || p.textValue().equals("relay"))) {
                throw AuthOverrides.invalid("ice_transport_policy must be \"all\" or \"relay\"");
            }
            policy = p.textValue();
        }
        return new RelayChoice(policy, flag(answer, "turn_tcp_only"), flag(answer, "turn_tls_only"));
    }

    /** The servers with only the URLs this choice keeps; a server left without URLs is left out. */
    List<IceServers.IceServer> filter(List<IceServers.IceServer> servers) {
        if (!tcpOnly && !tlsOnly) return servers;
        List<IceServers.IceServer> out = new ArrayList<>(servers.size());
        for (IceServers.IceServer s : servers) {
            List<String> urls = s.urls().stream().filter(this::keeps).toList();
            if (!urls.isEmpty()) out.add(new IceServers.IceServer(urls, s.username(), s.credential()));
        }
        return out;
    }

    private boolean keeps(String url) {
        boolean tls = url.startsWith("turns:");
        if (tlsOnly) return tls;
        return tls || url.contains("transport=tcp");
    }

    String policyOr(String serverPolicy) {
        return policy != null ? policy : serverPolicy;
    }

    private static boolean flag(ObjectNode answer, String key) throws SignalingException {
        JsonNode n = answer.get(key);
        if (n == null || n.isNull()) return false;
        if (!n.isBoolean()) throw AuthOverrides.invalid(key + " must be a boolean");
        return n.booleanValue();
    }
}
