package dev.hibiki.sip.ua;

import dev.hibiki.sip.SipAccount;
import dev.hibiki.sip.SipTransport;

import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.ViaHeader;
import java.text.ParseException;
import java.util.List;

/** Builds the URIs and headers every request of an account shares. */
final class Addressing {
    private Addressing() {
    }

    /**
     * The Request-URI for {@code callee}: a full {@code sip:} URI as given; {@code user@host} as is; the account's own
     * domain (Flashphoner's example calls the Twilio SIP domain it registered with) at the account's port; another
     * bare host (has a dot or colon) as the host; else a user at the account's domain and port.
     */
    static SipURI calleeUri(AddressFactory addresses, String callee, SipAccount account) throws ParseException {
        String uri;
        if (callee.regionMatches(true, 0, "sip:", 0, 4)) uri = callee;
        else if (callee.contains("@")) uri = "sip:" + callee;
        else if (callee.equalsIgnoreCase(account.domain())) uri = "sip:" + callee + ":" + account.port();
        else if (callee.contains(".") || callee.contains(":")) uri = "sip:" + callee;
        else uri = "sip:" + callee + "@" + account.domain() + ":" + account.port();
        SipURI sip = (SipURI) addresses.createURI(uri);
        if (account.transport() == SipTransport.TCP) sip.setTransportParam("tcp");
        return sip;
    }

    static SipURI accountUri(AddressFactory addresses, SipAccount account) throws ParseException {
        return addresses.createSipURI(account.login(), account.domain());
    }

    static SipURI registrarUri(AddressFactory addresses, SipAccount account) throws ParseException {
        SipURI uri = addresses.createSipURI(null, account.domain());
        uri.setPort(account.port());
        if (account.transport() == SipTransport.TCP) uri.setTransportParam("tcp");
        return uri;
    }

    /** A loose Route through the outbound proxy, or null without one. */
    static javax.sip.header.RouteHeader proxyRoute(SipUserAgent ua, SipAccount account) throws ParseException {
        if (account.outboundProxy() == null || account.outboundProxy().isEmpty()) return null;
        String proxy = account.outboundProxy();
        if (!proxy.contains(":")) proxy = proxy + ":" + account.port();
        SipURI uri = (SipURI) ua.addresses().createURI("sip:" + proxy);
        uri.setLrParam();
        if (account.transport() == SipTransport.TCP) uri.setTransportParam("tcp");
        return ua.headers().createRouteHeader(ua.addresses().createAddress(uri));
    }

    static List<ViaHeader> via(SipUserAgent ua, SipAccount account) throws Exception {
        return List.of(ua.headers().createViaHeader(ua.host(), ua.port(), account.transport().jainName(), null));
    }

    static javax.sip.header.ContactHeader contact(SipUserAgent ua, SipAccount account) throws ParseException {
        SipURI uri = ua.addresses().createSipURI(account.login(), ua.host());
        uri.setPort(ua.port());
        if (account.transport() == SipTransport.TCP) uri.setTransportParam("tcp");
        return ua.headers().createContactHeader(ua.addresses().createAddress(uri));
    }

    static String tag() {
        return Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() >>> 1);
    }

    /** Digest credentials of {@code account} for whatever realm asks. */
    static gov.nist.javax.sip.clientauthutils.AccountManager credentials(SipAccount account) {
        return (tx, realm) -> new gov.nist.javax.sip.clientauthutils.UserCredentials() {
            @Override
            public String getUserName() {
                return account.authName();
            }

            @Override
            public String getPassword() {
                return account.password() == null ? "" : account.password();
            }

            @Override
            public String getSipDomain() {
                return account.domain();
            }
        };
    }
}
