package dev.hibiki.live.signaling;

import java.util.List;

/**
 * What the offer's {@code config} tells a client about relays (sora-compat 1.4): the ICE servers with credentials for
 * this connection, and the transport policy. Sora's mobile SDKs pass it to their peer connection as it is.
 */
public interface IceServers {

    /** One entry of {@code config.iceServers}, as {@code RTCIceServer} has it. */
    record IceServer(List<String> urls, String username, String credential) {
    }

    /** The servers for one connection (credentials are per connection and short-lived); empty for none. */
    List<IceServer> forConnection(String connectionId);

    /** {@code "all"} or {@code "relay"}. */
    String transportPolicy();

    /** No relays: host candidates only. */
    IceServers NONE = new IceServers() {
        @Override
        public List<IceServer> forConnection(String connectionId) {
            return List.of();
        }

        @Override
        public String transportPolicy() {
            return "all";
        }
    };
}
