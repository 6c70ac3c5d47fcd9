package dev.hibiki.sip;

/**
 * The SIP account a call is placed from, as a softphone would be configured.
 *
 * @param login              user part of the From address (and of the REGISTER address of record)
 * @param authenticationName user name for digest authentication; the login when empty
 * @param domain             the SIP domain: host of the From address and, without an outbound proxy, where
 *                           requests are sent
 * @param outboundProxy      {@code host[:port]} every request is routed through, or null
 * @param port               the port of the domain (or of the proxy when it names none)
 * @param registerRequired   REGISTER (and keep refreshing) before calling
 */
public record SipAccount(String login, String password, String authenticationName, String domain,
                         String outboundProxy, int port, boolean registerRequired, SipTransport transport) {

    public String authName() {
        return authenticationName == null || authenticationName.isEmpty() ? login : authenticationName;
    }
}
