package dev.hibiki.sip.ua;

import dev.hibiki.sip.SipAccount;
import gov.nist.javax.sip.address.AddressFactoryImpl;

import javax.sip.address.SipURI;
import java.text.ParseException;

/** Where a callee leads without an outbound proxy: the host of the Request-URI the INVITE is sent to. */
public final class Callee {
    private Callee() {
    }

    /**
     * The Request-URI's {@code maddr} when it has one (JAIN-SIP sends there), else its host: the account's domain
     * for a bare user, the host written in {@code user@host} or a {@code sip:} URI.
     *
     * @throws ParseException the callee makes no SIP URI (the INVITE then fails the same way)
     */
    public static String host(String callee, SipAccount account) throws ParseException {
        SipURI uri = Addressing.calleeUri(new AddressFactoryImpl(), callee, account);
        return uri.getMAddrParam() != null ? uri.getMAddrParam() : uri.getHost();
    }
}
